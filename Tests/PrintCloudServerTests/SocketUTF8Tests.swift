import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// A text frame that is not valid UTF-8 closes the socket with 1007, as RFC 6455 requires, instead of
/// being read with replacement characters.
@Suite(.timeLimit(.minutes(10))) struct SocketUTF8Tests {
    /// `auth` JSON whose computer name holds 0xC3 0x28, a lead byte followed by a byte that cannot continue it.
    static func invalidAuth(key: String) -> [UInt8] {
        Array(#"{"type": "auth", "apiKey": "\#(key)", "computerName": "PC"#.utf8) + [0xC3, 0x28]
            + Array(#"", "os": "Linux", "clientVersion": "1.0.0"}"#.utf8)
    }

    @Test func invalidUTF8InAuthClosesWith1007AndDoesNotSignIn() async throws {
        try await withTestApp(.sqlite) { app in
            let account = try await app.makeAccount()
            let frame = try await Self.closeFrame(
                port: try #require(app.client.port), sending: [Self.invalidAuth(key: account.fullKey)])
            #expect(frame?.closeCode == .dataInconsistentWithMessage)
            #expect(try await app.request(.get, "/api/computers", key: account.fullKey).array().isEmpty)
        }
    }

    @Test func invalidUTF8AfterSignInClosesWith1007AndTheComputerGoesOffline() async throws {
        try await withTestApp(.sqlite) { app in
            let account = try await app.makeAccount()
            let auth = try JSONEncoder().encode(
                ClientMessage.auth(
                    .init(
                        apiKey: account.fullKey, computerName: "PC", os: "Linux", clientVersion: "1.0.0",
                        computerId: nil)))
            let report =
                Array(#"{"type": "printers", "printers": [{"name": "P"#.utf8) + [0xC3, 0x28] + Array(#""}]}"#.utf8)
            let frame = try await Self.closeFrame(port: try #require(app.client.port), sending: [Array(auth), report])
            #expect(frame?.closeCode == .dataInconsistentWithMessage)
            try await eventually("the computer offline") {
                let computers = try await app.request(.get, "/api/computers", key: account.fullKey).array()
                return computers.count == 1 && computers[0]["state"] as? String == "offline"
            }
            #expect(try await app.request(.get, "/api/printers", key: account.fullKey).array().isEmpty)
        }
    }

    /// Connects to `/ws`, sends each of `messages` as a text frame of exactly those bytes, and reads until
    /// the server closes; the server's close frame.
    static func closeFrame(port: Int, sending messages: [[UInt8]]) async throws -> WebSocketCloseFrame? {
        var logger = Logger(label: "test-socket")
        logger.logLevel = .critical
        return try await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(port)/ws", configuration: .init(), logger: logger
        ) { inbound, outbound, _ in
            for message in messages {
                try await outbound.write(
                    .custom(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: message))))
            }
            for try await _ in inbound.messages(maxSize: 1 << 20) {}
        }
    }
}
