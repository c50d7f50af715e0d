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
    /// How often the server pings each desktop client; a socket that misses a pong is closed, so a dead
    /// client is offline within twice this.
    public var pingInterval = Duration.seconds(30)
    /// How long a new socket has to send `auth`.
    public var signInTimeout = Duration.seconds(10)
    /// Largest WebSocket message accepted from a client, in bytes.
    public var maxMessageSize = 1 << 20
    public var passwords = PasswordHasher()
    public var clock = WallClock.system

    public init() {}
}
