import Foundation
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// A WebSocket peer that never answers the server's close frame is dropped within the close timeout,
/// instead of holding its socket. The server half-closes at once with its close frame; what counts is
/// that it stops reading and lets go of the connection.
@Suite(.timeLimit(.minutes(10))) struct SocketCloseHandshakeTests {
    @Test func aSocketSilentPastTheSignInDeadlineIsDisconnected() async throws {
        try await withTestApp(
            .sqlite,
            configure: {
                $0.signInTimeout = .milliseconds(300)
                $0.webSocketCloseTimeout = .seconds(1)
            }
        ) { app in
            let connection = try await RawConnection.webSocket(port: try #require(app.client.port))
            #expect(try await connection.droppedByServer(within: 10, probe: ServerFrame.maskedPing))
            let frames = ServerFrame.parse(connection.received)
            #expect(frames.last?.opcode == 0x8)
            #expect(frames.last?.closeCode == 1008)
        }
    }

    @Test func aRefusedSocketThatNeverAnswersTheCloseIsDroppedAtTheCloseTimeout() async throws {
        try await withTestApp(.sqlite, configure: { $0.webSocketCloseTimeout = .seconds(1) }) { app in
            let connection = try await RawConnection.webSocket(port: try #require(app.client.port))
            try await connection.send(
                SilentSocket.maskedTextFrame(
                    #"{"type": "auth", "apiKey": "pk_nope", "computerName": "PC", "os": "Linux", "clientVersion": "1"}"#
                ))
            // Past the close timeout, well short of the library's default of 15 s.
            #expect(try await connection.droppedByServer(within: 8, probe: ServerFrame.maskedPing))
            let frames = ServerFrame.parse(connection.received)
            #expect(frames.first?.opcode == 0x1)
            #expect(frames.last?.opcode == 0x8)
            #expect(frames.last?.closeCode == 1008)
        }
    }
}

extension RawConnection {
    /// A connection upgraded to a WebSocket on `/ws`, ready for frames.
    static func webSocket(port: Int) async throws -> RawConnection {
        let connection = try RawConnection(port: port)
        try await connection.send(
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        try await eventually(within: 10, "the upgrade answer") {
            _ = connection.isClosedByServer()
            return RawResponse(connection.received) != nil
        }
        let response = try #require(RawResponse(connection.received))
        guard response.statusLine.hasPrefix("HTTP/1.1 101") else {
            throw ProcessError(message: "upgrade refused: \(response.statusLine)")
        }
        connection.dropReceived(upTo: connection.received.count - response.body.count)
        return connection
    }
}

/// A frame from the server (never masked), as RFC 6455 lays it out.
struct ServerFrame {
    /// A client's empty ping: harmless to send while waiting for the server to drop the connection.
    static let maskedPing: [UInt8] = [0x89, 0x80, 0x12, 0x34, 0x56, 0x78]

    let opcode: UInt8
    let payload: [UInt8]

    var closeCode: Int? {
        guard opcode == 0x8, payload.count >= 2 else { return nil }
        return Int(payload[0]) << 8 | Int(payload[1])
    }

    /// The complete frames at the start of `bytes`.
    static func parse(_ bytes: [UInt8]) -> [ServerFrame] {
        var frames: [ServerFrame] = []
        var index = 0
        while index + 2 <= bytes.count {
            var length = Int(bytes[index + 1] & 0x7f)
            var start = index + 2
            if length == 126 {
                guard start + 2 <= bytes.count else { break }
                length = Int(bytes[start]) << 8 | Int(bytes[start + 1])
                start += 2
            } else if length == 127 {
                guard start + 8 <= bytes.count else { break }
                length = bytes[start..<start + 8].reduce(0) { $0 << 8 | Int($1) }
                start += 8
            }
            guard start + length <= bytes.count else { break }
            frames.append(ServerFrame(opcode: bytes[index] & 0x0f, payload: Array(bytes[start..<start + length])))
            index = start + length
        }
        return frames
    }
}
