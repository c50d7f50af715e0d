import Foundation
import PrintCloudProtocol

/// What `printcloud-client login` saves and `run` reads: the server, the key, this computer's name and id.
/// The file is readable only by its owner: it holds a full API key.
public struct ClientConfig: Codable, Sendable, Equatable {
    public var server: String
    public var apiKey: String
    public var computerName: String
    /// The id the server gave this computer, sent back on every sign-in so it keeps it.
    public var computerId: String?
    /// If set, only these local printers are shared.
    public var sharedPrinters: [String]?
    /// Lets documents be downloaded from private (LAN) addresses: 10/8, 172.16/12, 192.168/16, fc00::/7
    /// (an intranet ERP). Off when absent.
    public var allowPrivateDownloads: Bool?
    /// Networks documents may be downloaded from whatever their kind, loopback and link-local included,
    /// such as `"10.1.0.0/16"` or `"127.0.0.1/32"`.
    public var allowedNetworks: [IPNetwork]?
    /// How many jobs each printer is given at once, by printer name, for printers fast enough to take more
    /// than one; a printer not named takes one job at a time, the next once the one before has ended.
    public var printerConcurrency: [String: Int]?

    public init(
        server: String, apiKey: String, computerName: String, computerId: String? = nil,
        sharedPrinters: [String]? = nil,
        allowPrivateDownloads: Bool? = nil, allowedNetworks: [IPNetwork]? = nil,
        printerConcurrency: [String: Int]? = nil
    ) {
        self.server = server
        self.apiKey = apiKey
        self.computerName = computerName
        self.computerId = computerId
        self.sharedPrinters = sharedPrinters
        self.allowPrivateDownloads = allowPrivateDownloads
        self.allowedNetworks = allowedNetworks
        self.printerConcurrency = printerConcurrency
    }

    /// Where documents given as URIs may be downloaded from (the configured server is reached regardless).
    public var downloadPolicy: AddressPolicy {
        AddressPolicy(allowsPrivateNetworks: allowPrivateDownloads ?? false, allowedNetworks: allowedNetworks ?? [])
    }

    /// `$XDG_CONFIG_HOME/printcloud/client.json`, else `~/.config/printcloud/client.json`.
    public static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.config")
        return base + "/printcloud/client.json"
    }

    /// `$XDG_STATE_HOME/printcloud`, else `~/.local/state/printcloud`: where the job ledger lives.
    public static var defaultStateDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        let base =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/state")
        return base + "/printcloud"
    }

    /// The system service's config (`printcloud-client login --system`), owned by its user.
    public static let systemPath = "/etc/printcloud/client.json"

    /// The system service's state, its job ledger included.
    public static let systemStateDirectory = "/var/lib/printcloud-client"

    public static func load(from path: String) throws -> ClientConfig {
        try JSONDecoder().decode(ClientConfig.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes the file with mode 0600, creating its folder (0700) if needed.
    public func save(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        // Create it private first, so the key is never readable by others, not even for a moment.
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try data.write(to: url)
    }
}
