import Foundation
import HummingbirdWSClient
import Logging
import PrintCloudProtocol
import PrintCloudTestSupport
import Synchronization
import Testing

/// A minimal desktop client over a real WebSocket, for tests against server processes. Everything the
/// server sends is recorded, so tests wait for what they expect, with a deadline.
final class DesktopClient: Sendable {
    /// What the server sent so far, and whether the socket has closed.
    final class Log: Sendable {
        private let state = Mutex<(messages: [ServerMessage], closed: Bool)>(([], false))

        func append(_ message: ServerMessage) { state.withLock { $0.messages.append(message) } }
        func close() { state.withLock { $0.closed = true } }
        var messages: [ServerMessage] { state.withLock { $0.messages } }
        var isClosed: Bool { state.withLock { $0.closed } }

        /// Waits for the first message `match` accepts; fails if the socket closes first.
        func first<T>(_ what: String, within seconds: Double = 30, _ match: (ServerMessage) -> T?) async throws -> T {
            var found: T?
            try await eventually(within: seconds, what) {
                found = messages.lazy.compactMap(match).first
                return found != nil || isClosed
            }
            guard let found else { throw ProcessError(message: "the socket closed before \(what)") }
            return found
        }
    }

    let log: Log
    /// The id the server gave this computer.
    let computerID: String
    private let outbound: WebSocketOutboundWriter
    private let task: Task<Void, Never>

    private init(log: Log, computerID: String, outbound: WebSocketOutboundWriter, task: Task<Void, Never>) {
        self.log = log
        self.computerID = computerID
        self.outbound = outbound
        self.task = task
    }

    deinit { task.cancel() }

    /// Connects, signs in (as `computerID` if given, else by name) and reports `printers`.
    static func signIn(
        baseURL: String, key: String, computerName: String = "Office-PC", computerID: String? = nil,
        printers: [String] = ["Zebra"], capabilities: [String: JSONValue]? = nil
    ) async throws -> DesktopClient {
        let log = Log()
        let (ready, readyContinuation) = AsyncStream.makeStream(of: WebSocketOutboundWriter.self)
        let url = baseURL.replacingOccurrences(of: "http://", with: "ws://") + "/ws"
        let task = Task {
            _ = try? await WebSocketClient.connect(url: url, logger: Logger(label: "desktop-client")) {
                inbound, outbound, _ in
                readyContinuation.yield(outbound)
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = message,
                        let decoded = try? JSONDecoder().decode(ServerMessage.self, from: Data(text.utf8))
                    else { continue }
                    log.append(decoded)
                }
            }
            readyContinuation.finish()
            log.close()
        }
        var outbounds = ready.makeAsyncIterator()
        guard let outbound = await outbounds.next() else { throw ProcessError(message: "could not connect to \(url)") }
        let auth = ClientMessage.Auth(
            apiKey: key, computerName: computerName, os: "Linux", clientVersion: "1.0.0", computerId: computerID)
        try await outbound.send(.auth(auth))
        let id = try await log.first("auth_ok") {
            if case .authOK(let id) = $0 { id } else { nil }
        }
        try await outbound.send(.printers(printers.map { PrinterReport(name: $0, capabilities: capabilities) }))
        _ = try await log.first("printers_ok") {
            if case .printersOK = $0 { true } else { nil }
        }
        return DesktopClient(log: log, computerID: id, outbound: outbound, task: task)
    }

    func send(_ message: ClientMessage) async throws {
        try await outbound.send(message)
    }

    /// The print job `id`, once it has arrived.
    func job(_ id: String, within seconds: Double = 30) async throws -> PrintJobPayload {
        try await log.first("print_job \(id)", within: seconds) {
            if case .printJob(let job) = $0, job.id == id { job } else { nil }
        }
    }

    /// Every `print_job` received so far, in order.
    var jobs: [PrintJobPayload] {
        log.messages.compactMap { if case .printJob(let job) = $0 { job } else { nil } }
    }

    /// The id of this client's printer `name`, from the REST API.
    func printerID(named name: String, baseURL: String, key: String, _ http: DurabilityTests) async throws -> String {
        let printers = try await http.send(.GET, baseURL + "/api/printers", key: key)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(printers.body.utf8)) as? [[String: Any]])
        return try #require(
            list.first { $0["name"] as? String == name && $0["computerId"] as? String == computerID }?["id"] as? String)
    }

    func close() async throws {
        try await outbound.close(.normalClosure, reason: nil)
        task.cancel()
    }
}

extension WebSocketOutboundWriter {
    fileprivate func send(_ message: ClientMessage) async throws {
        try await writeTextMessage(String(decoding: try JSONEncoder().encode(message), as: UTF8.self))
    }
}
