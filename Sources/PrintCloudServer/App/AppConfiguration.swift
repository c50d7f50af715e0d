import Foundation

/// Everything the server can be told; filled from the command line, or by tests.
public struct AppConfiguration: Sendable {
    public var hostname = "127.0.0.1"
    /// 0 picks a free port (the server prints the one it got).
    public var port = 8080
    /// Requests per second per account; 0 turns the limit off.
    public var rateLimit = 10
    /// Largest request body accepted, in bytes.
    public var maxBodySize = 64 * 1024 * 1024
    public var passwords = PasswordHasher()
    public var clock = WallClock.system

    public init() {}
}
