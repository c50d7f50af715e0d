import Foundation
import HummingbirdWSClient
import Logging
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

/// A minimal desktop client over a real WebSocket, for tests against the server process.
final class DesktopClient {
    private var messages: AsyncStream<ServerMessage>.AsyncIterator
    private let outbound: WebSocketOutboundWriter
    private let task: Task<Void, Never>

    private init(
        messages: AsyncStream<ServerMessage>.AsyncIterator, outbound: WebSocketOutboundWriter, task: Task<Void, Never>
    ) {
        self.messages = messages
        self.outbound = outbound
        self.task = task
    }

    deinit { task.cancel() }

    /// Connects, signs in as `Office-PC` and reports one printer, `Zebra`.
    static func signIn(baseURL: String, key: String) async throws -> DesktopClient {
        let (stream, continuation) = AsyncStream.makeStream(of: ServerMessage.self)
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
                    continuation.yield(decoded)
                }
            }
            readyContinuation.finish()
            continuation.finish()
        }
        var outbounds = ready.makeAsyncIterator()
        guard let outbound = await outbounds.next() else { throw ProcessError(message: "could not connect to \(url)") }
        let client = DesktopClient(messages: stream.makeAsyncIterator(), outbound: outbound, task: task)
        try await client.send(.auth(.init(apiKey: key, computerName: "Office-PC", os: "Linux", clientVersion: "1.0.0")))
        guard case .authOK = await client.messages.next() else { throw ProcessError(message: "sign-in refused") }
        try await client.send(.printers([PrinterReport(name: "Zebra")]))
        guard case .printersOK = await client.messages.next() else { throw ProcessError(message: "no printers_ok") }
        return client
    }

    func send(_ message: ClientMessage) async throws {
        try await outbound.writeTextMessage(String(decoding: try JSONEncoder().encode(message), as: UTF8.self))
    }

    func nextJob() async throws -> PrintJobPayload {
        while let message = await messages.next() {
            if case .printJob(let job) = message { return job }
        }
        throw ProcessError(message: "the socket closed before a print_job arrived")
    }

    /// The id of this client's printer `name`, from the REST API.
    func printerID(named name: String, baseURL: String, key: String, _ http: DurabilityTests) async throws -> String {
        let printers = try await http.send(.GET, baseURL + "/api/printers", key: key)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(printers.body.utf8)) as? [[String: Any]])
        return try #require(list.first { $0["name"] as? String == name }?["id"] as? String)
    }

    func close() async throws {
        try await outbound.close(.normalClosure, reason: nil)
        task.cancel()
    }
}
