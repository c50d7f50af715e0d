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

    /// What every enrollment code begins with: a secret, like a key, not an id.
    static let enrollmentCodePrefix = "pk_enroll_"

    /// A new enrollment code: `pk_enroll_` and 32 random base-36 characters (about 165 bits).
    static func newEnrollmentCode() -> String {
        enrollmentCodePrefix + randomString(count: 32)
    }

    /// A new dashboard session's cookie token (about 206 bits), and its CSRF token.
    static func newSessionToken() -> String {
        randomString(count: 40)
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
        // SystemRandomNumberGenerator reads the operating system's CSPRNG, 8 bytes a call: each byte makes one
        // character, rather than a call per character (ids are made on every job and event).
        var generator = SystemRandomNumberGenerator()
        var characters: [Character] = []
        characters.reserveCapacity(count)
        while characters.count < count {
            var word = generator.next()
            for _ in 0..<8 where characters.count < count {
                let byte = Int(word & 0xFF)
                word >>= 8
                // 252 is 7 × 36: the bytes above it are dropped, so that every character is equally likely.
                if byte < 252 { characters.append(alphabet[byte % alphabet.count]) }
            }
        }
        return String(characters)
    }
}
