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
    /// How long a request head may take to arrive, from the connection's start or from its first byte;
    /// a deadline, not an idle time, so a head trickled in byte by byte is cut off too.
    public var headerTimeout = Duration.seconds(15)
    /// How long an HTTP connection may go without a byte from the client, between requests or within a
    /// body. WebSockets are not subject to it: their pings find a dead peer.
    public var idleTimeout = Duration.seconds(60)
    /// How long the server waits for a WebSocket peer to answer its close frame before dropping the connection.
    public var webSocketCloseTimeout = Duration.seconds(5)
    /// Largest WebSocket message accepted from a client, in bytes.
    public var maxMessageSize = 1 << 20
    /// Largest document a print job may carry, decoded, in bytes.
    public var maxDocumentSize = 50 * 1024 * 1024
    /// Documents above this size reach the client as a URI on this server rather than inline base64.
    public var inlineDocumentLimit = 1024 * 1024
    /// How long the documents of finished jobs are kept; job rows stay.
    public var documentRetention = Duration.seconds(7 * 24 * 3600)
    /// This server's URL as desktop clients reach it, for document links; by default from the listening address.
    public var publicURL: String?
    /// Lets webhooks reach loopback, private and link-local addresses (tests, receivers on a LAN).
    public var allowPrivateWebhooks = false
    /// Origins of the web pages that may call the API from a browser (`scheme://host[:port]`, or `*` for any);
    /// none by default, so browsers refuse cross-origin calls.
    public var corsOrigins: [String] = []
    /// How often the webhook worker looks for due deliveries.
    public var webhookPollInterval = Duration.milliseconds(250)
    /// The first retry delay of a failed webhook delivery; it doubles with each attempt up to an hour.
    public var webhookFirstRetry = Duration.seconds(2)
    /// How often this instance records that it is alive; an instance silent for three of these is dead, and
    /// the others mark its computers offline.
    public var instanceHeartbeat = Duration.seconds(10)
    /// How often this instance offers the queued jobs of its computers again: for a message lost between
    /// instances, and for a job `jobs retry` queued from another process.
    public var queueSweepInterval = Duration.seconds(30)
    /// How many unfinished jobs of one printer a desktop client is sent at once; the next goes out when it
    /// reports one finished.
    public var dispatchWindow = 4
    /// How long a job may wait to be sent to its computer when its request gives no `expireAfter`; after
    /// that it ends `error` "expired" and is never printed.
    public var jobExpiry = Duration.seconds(14 * 24 * 3600)
    /// How long a verified API key is trusted without reading it again: the bound on a revocation reaching
    /// an instance that missed the cluster's message, or made by another process. Zero reads it on every request.
    public var keyCacheLifetime = Duration.seconds(1)
    /// How long the printer a job is made for is trusted without reading it again: the bound on a printer that
    /// is gone still taking jobs on an instance that missed the cluster's message. Zero reads it for every job.
    public var printerCacheLifetime = Duration.seconds(1)
    /// Where `/metrics` (with `/healthz` and `/readyz`) listens, apart from the API; nil serves no metrics.
    public var metricsAddress: (hostname: String, port: Int)?
    /// Set when the instance begins to shut down: `/readyz` answers `503` from then on.
    public var shutdown = ShutdownState()
    public var passwords = PasswordHasher()
    public var clock = WallClock.system

    public init() {}
}
