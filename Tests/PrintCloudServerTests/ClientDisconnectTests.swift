import Foundation
import Logging
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// A client that hangs up in the middle of its request body is logged as what it is, below error level,
/// and not as a failure of the server.
@Suite(.timeLimit(.minutes(10))) struct ClientDisconnectTests {
    @Test func aClientLeavingMidBodyIsNotLoggedAsAnError() async throws {
        let logs = CapturedLogs()
        try await withTestApp(.sqlite, logger: logs.logger(level: .debug)) { app in
            let connection = try RawConnection(port: try #require(app.client.port))
            try await connection.send(
                "POST /api/client/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"email\": \"jo@example.com\"")
            connection.close()
            try await eventually("the request's log line") {
                logs.lines.contains { $0.message == "request" && $0.metadata["path"] == "/api/client/login" }
            }
        }
        let request = try #require(logs.lines.first { $0.message == "request" })
        #expect(request.metadata["status"] != "500")
        #expect(logs.lines.filter { $0.level >= .error }.map(\.message) == [])
        #expect(logs.lines.contains { $0.message.contains("client disconnected before the request body was complete") })
    }

    @Test func aClientLeavingBeforeItsHeadIsCompleteIsNotLoggedAsAnError() async throws {
        let logs = CapturedLogs()
        try await withTestApp(.sqlite, logger: logs.logger(level: .trace)) { app in
            let connection = try RawConnection(port: try #require(app.client.port))
            try await connection.send("GET /healthz HTTP/1.1\r\nHost: 127.")
            connection.close()
            try await eventually("the connection's end") {
                logs.lines.contains { $0.level >= .error || $0.message.contains("input was closed") }
            }
        }
        #expect(logs.lines.filter { $0.level >= .error }.map(\.message) == [])
    }
}
