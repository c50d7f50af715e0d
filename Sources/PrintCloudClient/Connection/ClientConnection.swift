import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOWebSocket
import PrintCloudProtocol

/// The desktop client's side of `/ws`: signs in (sending back its `computerId`), reports its printers and
/// re-reports them when they change, runs the jobs it is sent (in order per printer: `PrinterLanes`), and
/// reconnects with backoff whenever the connection ends, until cancelled.
public struct ClientConnection: Sendable {
    let config: ClientConfig
    let backend: any PrinterBackend
    let runner: JobRunner
    let printerPollInterval: Duration
    let pingInterval: Duration
    /// Called with the id the server gave this computer, to keep it for the next sign-in.
    let onComputerID: @Sendable (String) async -> Void
    let logger: Logger

    public init(
        config: ClientConfig, backend: any PrinterBackend, runner: JobRunner,
        printerPollInterval: Duration = .seconds(10), pingInterval: Duration = .seconds(30),
        onComputerID: @escaping @Sendable (String) async -> Void, logger: Logger
    ) {
        self.config = config
        self.backend = backend
        self.runner = runner
        self.printerPollInterval = printerPollInterval
        self.pingInterval = pingInterval
        self.onComputerID = onComputerID
        self.logger = logger
    }

    public func run(backoff: ReconnectBackoff = ReconnectBackoff()) async {
        var backoff = backoff
        let computerID = ComputerIDBox(config.computerId)
        while !Task.isCancelled {
            let signedIn = SignedInFlag()
            do {
                try await session(computerID: computerID, signedIn: signedIn)
                logger.info("disconnected from the server")
            } catch {
                logger.notice("connection failed", metadata: ["error": "\(error)"])
            }
            if await signedIn.value { backoff.reset() }
            let delay = backoff.nextDelay()
            logger.info("reconnecting", metadata: ["in_seconds": "\(String(format: "%.1f", delay))"])
            try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
        }
    }

    private func session(computerID: ComputerIDBox, signedIn: SignedInFlag) async throws {
        var url = config.server.replacingOccurrences(of: "https://", with: "wss://")
            .replacingOccurrences(of: "http://", with: "ws://")
        if url.hasSuffix("/") { url.removeLast() }
        url += "/ws"
        let proxy = URL(string: url).flatMap { Proxy.for($0) }
        if let proxy { logger.debug("through a proxy", metadata: ["proxy": "\(proxy.host):\(proxy.port)"]) }
        let handler: WebSocketDataHandler<WebSocketClient.Context> = { inbound, outbound, _ in
            let channel = ServerChannel(outbound: outbound)
            var messages = inbound.messages(maxSize: 1 << 24).makeAsyncIterator()
            try await channel.send(
                .auth(
                    .init(
                        apiKey: config.apiKey, computerName: config.computerName, os: Self.operatingSystem,
                        clientVersion: PrintCloudVersion.current, computerId: await computerID.value)))
            guard let first = try await messages.next(), case .text(let text) = first else { return }
            switch try JSONDecoder().decode(ServerMessage.self, from: Data(text.utf8)) {
            case .authOK(let id):
                await computerID.set(id)
                await signedIn.set()
                await onComputerID(id)
                logger.info("connected", metadata: ["computerId": "\(id)"])
            case .authError(let message):
                logger.error("sign-in refused", metadata: ["reason": "\(message)"])
                return
            default:
                return
            }
            let initial = try await backend.printers()
            try await channel.send(.printers(initial))

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Re-report when the set of printers or a state changes.
                    var reported = initial
                    while true {
                        try await Task.sleep(for: printerPollInterval)
                        let now = try await backend.printers()
                        if now != reported {
                            reported = now
                            try await channel.send(.printers(now))
                            logger.info("printers changed; reported again", metadata: ["count": "\(now.count)"])
                        }
                    }
                }
                // Jobs run in the order the server sends them, per printer; the lanes end with the session.
                let lanes = PrinterLanes(concurrency: config.printerConcurrency ?? [:]) { job in
                    await runner.run(job) { state, message in
                        try? await channel.send(.jobState(.init(jobId: job.id, state: state, message: message)))
                    }
                }
                group.addTask { await lanes.run() }
                while let message = try await messages.next() {
                    guard case .text(let text) = message,
                        let decoded = try? JSONDecoder().decode(ServerMessage.self, from: Data(text.utf8))
                    else { continue }
                    switch decoded {
                    case .printJob(let job):
                        guard await lanes.offer(job) else { continue }
                        logger.info("job received", metadata: ["jobId": "\(job.id)", "printer": "\(job.printerName)"])
                    case .cancelJob(let jobID):
                        logger.info("job cancelled by the server", metadata: ["jobId": "\(jobID)"])
                        // A job still waiting never starts; the ledger records it as cancelled either way.
                        await runner.cancel(jobID, printer: await lanes.withdraw(jobID)?.printer)
                    case .error(let message):
                        logger.notice("the server refused a message", metadata: ["reason": "\(message)"])
                    default:
                        continue
                    }
                }
                group.cancelAll()
            }
        }
        // Our own pings find a network that dropped without a word: an unanswered one closes the socket and the
        // loop reconnects.
        let settings = WebSocketClientConfiguration(maxFrameSize: 1 << 20, autoPing: .enabled(timePeriod: pingInterval))
        let client =
            if let proxy {
                WebSocketClient(
                    url: url, configuration: settings,
                    proxySettings: .init(
                        host: proxy.host, port: proxy.port,
                        type: .http(connectHeaders: proxy.authorization.map { [.proxyAuthorization: $0] } ?? [:])),
                    logger: logger, handler: handler)
            } else {
                WebSocketClient(url: url, configuration: settings, logger: logger, handler: handler)
            }
        if let closeFrame = try await client.run() {
            logger.info(
                "the server closed the connection",
                metadata: ["reason": "\(closeFrame.reason ?? "\(closeFrame.closeCode)")"])
        }
    }

    static var operatingSystem: String {
        #if os(macOS)
            "macOS"
        #elseif os(Linux)
            "Linux"
        #else
            "Unknown"
        #endif
    }
}

/// Sends typed messages on the socket.
struct ServerChannel: Sendable {
    let outbound: WebSocketOutboundWriter

    func send(_ message: ClientMessage) async throws {
        try await outbound.writeTextMessage(String(decoding: try JSONEncoder().encode(message), as: UTF8.self))
    }
}

actor ComputerIDBox {
    var value: String?
    init(_ value: String?) { self.value = value }
    func set(_ value: String) { self.value = value }
}

actor SignedInFlag {
    var value = false
    func set() { value = true }
}
