import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PrintCloudServer
import ServiceLifecycle
import UnixSignals

/// `printcloud-server serve`: runs the HTTP API until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the PrintCloud server.",
        discussion: """
            On an empty database the server first creates an initial account and prints its email, a generated \
            password and a full API key, once. SIGINT or SIGTERM stops it gracefully.
            """
    )

    @Option(help: "Address to listen on.")
    var hostname = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(help: "Requests per second allowed per account; 0 turns the limit off.")
    var rateLimit = 10

    @Option(help: "Largest request body accepted, in bytes.")
    var maxBodySize = 64 * 1024 * 1024

    @Option(help: "Seconds between WebSocket pings to desktop clients; a client that misses a pong is offline.")
    var pingInterval = 30

    @Option(help: "Largest WebSocket message accepted from a desktop client, in bytes.")
    var maxMessageSize = 1 << 20

    @Option(
        help: ArgumentHelp(
            "Seconds a request head may take to arrive; past it the client gets 408 and the connection closes.",
            discussion: "A deadline, not an idle time: a head trickled in byte by byte is cut off as well."))
    var headerTimeout = 15

    @Option(
        help: ArgumentHelp(
            "Seconds an HTTP connection may go without a byte from the client, between requests or within a body.",
            discussion: "An upload that keeps sending is never cut; WebSockets are left to their pings."))
    var idleTimeout = 60

    @Option(help: "Seconds to wait for a WebSocket client to answer the server's close frame before dropping it.")
    var websocketCloseTimeout = 5

    @Option(help: "Largest print job document accepted, decoded, in bytes; larger is refused with 413.")
    var maxDocumentSize = 50 * 1024 * 1024

    @Option(help: "Documents above this many bytes reach the desktop client as a download link instead of inline.")
    var inlineDocumentLimit = 1024 * 1024

    @Option(help: "Days to keep the documents of finished jobs; job history stays.")
    var documentRetentionDays = 7

    @Option(
        help: ArgumentHelp(
            "This server's URL as desktop clients reach it, for document download links.",
            discussion: "Default: http://HOSTNAME:PORT of the listening address. Set it behind a proxy.",
            valueName: "url"))
    var publicURL: String?

    @Flag(help: "Let webhooks reach loopback, private and link-local addresses (receivers on a LAN, tests).")
    var allowPrivateWebhooks = false

    @Option(
        name: .customLong("cors-origin"),
        help: ArgumentHelp(
            "Let web pages of this origin call the API from a browser (repeatable; * for any origin).",
            discussion: """
                An origin is scheme://host[:port], as the browser's address bar shows it without a path, such as \
                https://erp.example.com. Without the option browsers refuse cross-origin calls.
                """,
            valueName: "origin"))
    var corsOrigins: [String] = []

    @Option(
        help: ArgumentHelp(
            "Seconds between this instance's heartbeats in the database.",
            discussion: """
                With several instances on one PostgreSQL, an instance silent for three heartbeats is taken for \
                dead, and the others mark its computers offline.
                """))
    var instanceHeartbeat = 10

    @Option(
        help: ArgumentHelp(
            "Seconds between re-offers of queued jobs to this instance's computers, and between expiry sweeps.",
            discussion: """
                Catches a message lost between instances, and a job that `jobs retry` queued from outside. Each sweep \
                also ends the jobs that waited past their expiry (`error` "expired").
                """))
    var queueSweepInterval = 30

    @Option(
        help: ArgumentHelp(
            "How many unfinished jobs of one printer a desktop client holds at once.",
            discussion: """
                The oldest first; the next is sent when the client reports one completed or failed, so a large \
                queue drains at the printer's pace and a reconnect never floods the socket. Default 4.
                """))
    var dispatchWindow = 4

    @Option(
        help: ArgumentHelp(
            "Seconds a job may wait to be sent to its computer when its request gives no expireAfter.",
            discussion: """
                After that it ends `error` with the message "expired" and is never printed. Default 1209600 (14 days); \
                at most 31536000 (a year).
                """))
    var defaultExpireAfter = 14 * 24 * 3600

    @Option(
        help: ArgumentHelp(
            "Serve Prometheus metrics, /healthz and /readyz on this address, apart from the API.",
            discussion: """
                HOST:PORT, such as 127.0.0.1:9090 ([::1]:9090 for IPv6; port 0 picks a free one). Not behind an \
                API key: keep it on loopback or a private network. Without it no metrics are served.
                """,
            valueName: "host:port"))
    var metricsAddress: String?

    @Option(
        help: ArgumentHelp(
            "Seconds between SIGTERM and the server ceasing to take requests, with /readyz answering 503 meanwhile.",
            discussion: "Lets a load balancer that polls /readyz move the traffic first. Default 0."))
    var shutdownDelay = 0

    @Option(
        help: ArgumentHelp(
            "Seconds a verified API key is trusted without reading it from the database again.",
            discussion: """
                A revoked key is refused at once by the instance that revoked it and by the others as soon as \
                PostgreSQL tells them; this bounds the rest (a lost message, a row deleted by another process). \
                0 reads the key on every request. Default 1; at most 60.
                """))
    var keyCacheSeconds = 1.0

    @Option(
        help: ArgumentHelp(
            "Seconds the printer a new job names is trusted without reading it from the database again.",
            discussion: """
                A printer its computer stops reporting, or whose computer is deleted, takes no more jobs on the \
                instance that stored the change, nor on the others once PostgreSQL tells them; this bounds the \
                rest (a lost message). 0 reads the printer for every job. Default 1; at most 60.
                """))
    var printerCacheSeconds = 1.0

    @Option(
        help: ArgumentHelp(
            "Also write the initial account's credentials to this file (mode 600), if the server creates them.",
            discussion: "An older file there, from a database since emptied, is replaced.",
            valueName: "path"))
    var initialCredentialsFile: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard rateLimit >= 0 else { throw ValidationError("--rate-limit must be 0 or more") }
        guard maxBodySize > 0 else { throw ValidationError("--max-body-size must be positive") }
        guard pingInterval > 0 else { throw ValidationError("--ping-interval must be positive") }
        guard maxMessageSize >= 1024 else { throw ValidationError("--max-message-size must be at least 1024") }
        guard headerTimeout > 0 else { throw ValidationError("--header-timeout must be positive") }
        guard idleTimeout > 0 else { throw ValidationError("--idle-timeout must be positive") }
        guard websocketCloseTimeout > 0 else { throw ValidationError("--websocket-close-timeout must be positive") }
        guard maxDocumentSize > 0 else { throw ValidationError("--max-document-size must be positive") }
        guard inlineDocumentLimit >= 0 else { throw ValidationError("--inline-document-limit must be 0 or more") }
        guard documentRetentionDays > 0 else { throw ValidationError("--document-retention-days must be positive") }
        guard instanceHeartbeat > 0 else { throw ValidationError("--instance-heartbeat must be positive") }
        guard queueSweepInterval > 0 else { throw ValidationError("--queue-sweep-interval must be positive") }
        guard (1...1000).contains(dispatchWindow) else { throw ValidationError("--dispatch-window must be 1 to 1000") }
        guard (1...31_536_000).contains(defaultExpireAfter) else {
            throw ValidationError("--default-expire-after must be 1 to 31536000 seconds")
        }
        guard (0...60).contains(keyCacheSeconds) else { throw ValidationError("--key-cache-seconds must be 0 to 60") }
        guard (0...60).contains(printerCacheSeconds) else {
            throw ValidationError("--printer-cache-seconds must be 0 to 60")
        }
        guard (0...3600).contains(shutdownDelay) else { throw ValidationError("--shutdown-delay must be 0 to 3600") }
        do {
            _ = try CORSPolicy(allowing: corsOrigins)
        } catch {
            throw ValidationError("--cors-origin: \(error)")
        }
        if let metricsAddress, Self.hostAndPort(metricsAddress) == nil {
            throw ValidationError("--metrics-address must be HOST:PORT, such as 127.0.0.1:9090")
        }
        if let publicURL, URL(string: publicURL)?.scheme?.hasPrefix("http") != true {
            throw ValidationError("--public-url must be an http or https URL")
        }
    }

    func run() async throws {
        let logger = database.makeLogger()
        let configuration = makeConfiguration()
        let location = database.location
        logger.info("opening database", metadata: ["database": "\(location)"])

        try await Storage.withOpen(location, logger: logger) { storage in
            let accounts = AccountService(
                storage: storage, passwords: configuration.passwords, clock: configuration.clock)
            if let initial = try await accounts.createInitialAccountIfEmpty() {
                printInitialCredentials(
                    email: initial.user.email, password: initial.password, key: initial.key.key, logger: logger)
            }
            let hostname = configuration.hostname
            let app = try await buildApplication(
                configuration: configuration, storage: storage, logger: logger,
                onServerRunning: { channel in
                    let port = channel.localAddress?.port ?? configuration.port
                    writeLine("PrintCloud listening on http://\(hostname):\(port)")
                },
                onMetricsRunning: { port in
                    guard let host = configuration.metricsAddress?.hostname else { return }
                    writeLine("PrintCloud metrics on http://\(host.contains(":") ? "[\(host)]" : host):\(port)/metrics")
                })
            try await runUntilSignalled(app, shutdown: configuration.shutdown, logger: logger)
            if let sqlite = storage.sqlite {
                // Shows group commit at work (read by printcloud-bench).
                let statistics = await sqlite.writeStatistics
                logger.info(
                    "write statistics",
                    metadata: ["writes": "\(statistics.writes)", "commits": "\(statistics.commits)"])
            }
        }
    }

    /// Runs `app` until SIGTERM or SIGINT: then `/readyz` says 503 at once, and after `--shutdown-delay` the
    /// server shuts down gracefully (requests under way finish, desktop clients are told to reconnect elsewhere).
    private func runUntilSignalled(_ app: some Service, shutdown: ShutdownState, logger: Logger) async throws {
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let signals = Task { [shutdownDelay] in
            for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                shutdown.markDraining()
                logger.notice("shutting down", metadata: ["signal": "\(signal)", "delay_s": "\(shutdownDelay)"])
                try? await Task.sleep(for: .seconds(shutdownDelay))
                await group.triggerGracefulShutdown()
                return
            }
        }
        defer { signals.cancel() }
        try await group.run()
    }

    /// `127.0.0.1:9090` or `[::1]:9090` as a host and a port.
    static func hostAndPort(_ address: String) -> (hostname: String, port: Int)? {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains("[") else { return nil }
        return (host, port)
    }

    private func printInitialCredentials(email: String, password: String, key: String, logger: Logger) {
        let text = """
            ================================================================
            PrintCloud created the initial account. Shown once: keep it now.
              email     \(email)
              password  \(password)
              API key   \(key)
            Try:  curl -u \(key): http://\(hostname):\(port == 0 ? "PORT" : String(port))/api/whoami
            ================================================================
            """
        writeLine(text)
        guard let initialCredentialsFile else { return }
        do {
            try PrivateFile.write(initialCredentialsFile, containing: text + "\n")
            logger.notice("initial credentials saved", metadata: ["file": "\(initialCredentialsFile)"])
        } catch {
            logger.error(
                "initial credentials not saved", metadata: ["file": "\(initialCredentialsFile)", "error": "\(error)"])
        }
    }

    private func makeConfiguration() -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.hostname = hostname
        configuration.port = port
        configuration.rateLimit = rateLimit
        configuration.maxBodySize = maxBodySize
        configuration.pingInterval = .seconds(pingInterval)
        configuration.maxMessageSize = maxMessageSize
        configuration.headerTimeout = .seconds(headerTimeout)
        configuration.idleTimeout = .seconds(idleTimeout)
        configuration.webSocketCloseTimeout = .seconds(websocketCloseTimeout)
        configuration.allowPrivateWebhooks = allowPrivateWebhooks
        configuration.corsOrigins = corsOrigins
        configuration.maxDocumentSize = maxDocumentSize
        configuration.inlineDocumentLimit = inlineDocumentLimit
        configuration.documentRetention = .seconds(documentRetentionDays * 24 * 3600)
        configuration.instanceHeartbeat = .seconds(instanceHeartbeat)
        configuration.queueSweepInterval = .seconds(queueSweepInterval)
        configuration.dispatchWindow = dispatchWindow
        configuration.keyCacheLifetime = .milliseconds(Int(keyCacheSeconds * 1000))
        configuration.printerCacheLifetime = .milliseconds(Int(printerCacheSeconds * 1000))
        configuration.jobExpiry = .seconds(defaultExpireAfter)
        configuration.metricsAddress = metricsAddress.flatMap(Self.hostAndPort)
        configuration.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        return configuration
    }
}
