import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

/// A desktop client's socket for tests: a real WebSocket to the live test server, read one message at a time.
final class TestSocket {
    enum Event: Sendable {
        case connected(WebSocketOutboundWriter)
        case message(WebSocketMessage)
        case closed(WebSocketCloseFrame?)
    }

    private var events: AsyncStream<Event>.AsyncIterator
    private let outbound: WebSocketOutboundWriter
    private let task: Task<Void, Never>

    /// Connects to `/ws` on the test server.
    static func connect(to app: TestApp) async throws -> TestSocket {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        let url = "ws://127.0.0.1:\(try #require(app.client.port))/ws"
        let task = Task {
            var logger = Logger(label: "test-socket")
            logger.logLevel = .critical
            let closeFrame = try? await WebSocketClient.connect(
                url: url, configuration: .init(maxFrameSize: 1 << 22), logger: logger
            ) { inbound, outbound, _ in
                continuation.yield(.connected(outbound))
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    continuation.yield(.message(message))
                }
            }
            continuation.yield(.closed(closeFrame ?? nil))
            continuation.finish()
        }
        var events = stream.makeAsyncIterator()
        guard case .connected(let outbound) = await events.next() else {
            throw ProcessError(message: "the WebSocket did not connect")
        }
        return TestSocket(events: events, outbound: outbound, task: task)
    }

    private init(events: AsyncStream<Event>.AsyncIterator, outbound: WebSocketOutboundWriter, task: Task<Void, Never>) {
        self.events = events
        self.outbound = outbound
        self.task = task
    }

    deinit { task.cancel() }

    func send(_ json: String) async throws {
        try await outbound.writeTextMessage(json)
    }

    func send(_ message: ClientMessage) async throws {
        try await send(String(decoding: try JSONEncoder().encode(message), as: UTF8.self))
    }

    func sendBinary(_ bytes: [UInt8]) async throws {
        try await outbound.writeBinaryMessage(ByteBuffer(bytes: bytes))
    }

    /// The next message from the server, which must be a JSON text message.
    func receive() async throws -> ServerMessage {
        guard case .message(.text(let text)) = await events.next() else {
            throw ProcessError(message: "expected a text message from the server")
        }
        return try JSONDecoder().decode(ServerMessage.self, from: Data(text.utf8))
    }

    /// The next message as a raw JSON object, for shape checks.
    func receiveObject() async throws -> [String: Any] {
        guard case .message(.text(let text)) = await events.next() else {
            throw ProcessError(message: "expected a text message from the server")
        }
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Waits until the server closes the socket, skipping messages; the close frame it sent.
    func closed() async -> WebSocketCloseFrame? {
        while let event = await events.next() {
            if case .closed(let frame) = event { return frame }
        }
        return nil
    }

    func close() async throws {
        try await outbound.close(.normalClosure, reason: nil)
        _ = await closed()
    }

    /// Connects and signs in; the computer id.
    static func signIn(
        to app: TestApp, key: String, name: String = "Office-PC", computerID: String? = nil
    ) async throws -> (TestSocket, String) {
        let socket = try await connect(to: app)
        try await socket.send(
            .auth(.init(apiKey: key, computerName: name, os: "Linux", clientVersion: "1.0.0", computerId: computerID)))
        guard case .authOK(let id) = try await socket.receive() else {
            throw ProcessError(message: "sign-in was refused")
        }
        return (socket, id)
    }
}
