import Foundation
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Clients that hold a connection without finishing their request are cut off by the header deadline or
/// the idle timeout; clients that keep sending, and quiet WebSockets, are not.
@Suite(.timeLimit(.minutes(10))) struct SlowClientTests {
    @Test func halfARequestHeadIsAnswered408AndClosed() async throws {
        try await withTestApp(.sqlite, configure: { $0.headerTimeout = .seconds(1) }) { app in
            let connection = try RawConnection(port: try #require(app.client.port))
            try await connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: ")
            #expect(try await connection.closedByServer(within: 10))
            let response = try #require(RawResponse(connection.received))
            #expect(response.statusLine.hasPrefix("HTTP/1.1 408"))
            #expect(response.headers["connection"] == "close")
            #expect(Set(try response.object().keys) == ["code", "message"])
        }
    }

    @Test func aConnectionThatSendsNothingIsClosedAtTheHeaderDeadline() async throws {
        try await withTestApp(.sqlite, configure: { $0.headerTimeout = .seconds(1) }) { app in
            let connection = try RawConnection(port: try #require(app.client.port))
            #expect(try await connection.closedByServer(within: 10))
        }
    }

    @Test func halfARequestBodyIsClosedAtTheIdleTimeout() async throws {
        try await withTestApp(
            .sqlite,
            configure: {
                $0.headerTimeout = .seconds(30)
                $0.idleTimeout = .seconds(1)
            }
        ) { app in
            let connection = try RawConnection(port: try #require(app.client.port))
            try await connection.send(
                "POST /api/client/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"email\": ")
            #expect(try await connection.closedByServer(within: 10))
        }
    }

    @Test func aHeadTrickledByteByByteIsCutOffAtTheHeaderDeadline() async throws {
        try await withTestApp(
            .sqlite,
            configure: {
                $0.headerTimeout = .seconds(1)
                $0.idleTimeout = .seconds(30)
            }
        ) { app in
            let connection = try RawConnection(port: try #require(app.client.port))
            // Far longer than the deadline to send, each byte well within the idle timeout: only a deadline
            // on the whole head can end it.
            let head = Array(
                ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String(repeating: "X-Slow: 1\r\n", count: 20)).utf8)
            let start = ContinuousClock.now
            var closed = false
            for byte in head {
                guard try await connection.send([byte]), !connection.isClosedByServer() else {
                    closed = true
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(closed, "the whole head was accepted, byte by byte")
            #expect(ContinuousClock.now - start < .seconds(8))
        }
    }

    @Test func anUploadThatKeepsSendingOutlivesBothTimeouts() async throws {
        try await withTestApp(
            .sqlite,
            configure: {
                $0.headerTimeout = .seconds(1)
                // Eight times the gap between chunks: a loaded machine must not make a live upload look idle.
                $0.idleTimeout = .seconds(2)
            }
        ) { app in
            let connection = try RawConnection(port: try #require(app.client.port))
            let body = Array(
                (#"{"email": "nobody@example.com", "password": "not the password""# + String(repeating: " ", count: 12)
                    + "}")
                    .utf8)
            try await connection.send(
                "POST /api/client/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n")
            // Three seconds of body, a chunk every quarter of a second: longer than either timeout in all.
            for chunk in stride(from: 0, to: body.count, by: 7).map({ body[$0..<min($0 + 7, body.count)] }) {
                #expect(try await connection.send(Array(chunk)))
                #expect(!connection.isClosedByServer())
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(try await connection.closedByServer(within: 10))
            let response = try #require(RawResponse(connection.received))
            #expect(response.statusLine.hasPrefix("HTTP/1.1 4"))
            #expect(!response.statusLine.hasPrefix("HTTP/1.1 408"))
        }
    }

    @Test func aSignedInSocketOutlivesTheIdleTimeout() async throws {
        try await withTestApp(
            .sqlite,
            configure: {
                $0.idleTimeout = .milliseconds(300)
                $0.headerTimeout = .milliseconds(300)
            }
        ) { app in
            let account = try await app.makeAccount()
            let (socket, _) = try await TestSocket.signIn(to: app, key: account.fullKey)
            // Not a synchronisation: the socket has to stay quiet past both HTTP timeouts to show they spare it.
            try await Task.sleep(for: .seconds(1))
            try await socket.send(.printers([PrinterReport(name: "P")]))
            #expect(try await socket.receive() == .printersOK(count: 1))
            try await socket.close()
        }
    }
}
