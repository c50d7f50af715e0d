import Crypto
import Foundation

/// Random identifiers and secrets. Ids carry a prefix saying what they name (API.md Part 2, "Ids").
enum Identifiers {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    /// `prefix` followed by 20 random base-36 characters (about 103 bits).
    static func make(_ prefix: String) -> String {
        prefix + randomString(count: 20)
    }

    /// A new API key: `pk_live_` and 40 random base-36 characters (about 206 bits, well over 128).
    static func newAPIKey() -> String {
        "pk_live_" + randomString(count: 40)
    }

    /// A generated password for the initial account.
    static func newPassword() -> String {
        randomString(count: 20)
    }

    /// The only form in which a key is stored or compared: its SHA-256, in hex.
    static func hash(apiKey: String) -> String {
        SHA256.hash(data: Data(apiKey.utf8)).hexString
    }

    private static func randomString(count: Int) -> String {
        // SystemRandomNumberGenerator reads the operating system's CSPRNG.
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
