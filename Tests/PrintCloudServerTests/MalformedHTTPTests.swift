import Foundation
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Requests NIO's HTTP decoder rejects get an `{"code", "message"}` answer and a close, not silence.
@Suite(.timeLimit(.minutes(10))) struct MalformedHTTPTests {
    @Test func aHeadOverTheLimitIsAnswered431AndClosed() async throws {
        try await withTestApp(.sqlite) { app in
            let port = try #require(app.client.port)
            let connection = try RawConnection(port: port)
            try await connection.send(
                "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "a", count: 100 * 1024))\r\n\r\n"
            )
            #expect(try await connection.closedByServer(within: 10))
            let response = try #require(RawResponse(connection.received))
            #expect(response.statusLine.hasPrefix("HTTP/1.1 431"))
            #expect(response.headers["connection"] == "close")
            #expect(response.headers["content-type"]?.hasPrefix("application/json") == true)
            let body = try response.object()
            #expect(Set(body.keys) == ["code", "message"])
            #expect(body["code"] as? String == "RequestHeaderFieldsTooLarge")
            #expect(try await app.request(.get, "/healthz").status == .ok)
        }
    }

    @Test func contentLengthWithTransferEncodingIsAnswered400AndClosed() async throws {
        try await withTestApp(.sqlite) { app in
            let connection = try RawConnection(port: try #require(app.client.port))
            try await connection.send(
                "POST /api/client/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            #expect(try await connection.closedByServer(within: 10))
            let response = try #require(RawResponse(connection.received))
            #expect(response.statusLine.hasPrefix("HTTP/1.1 400"))
            #expect(response.headers["connection"] == "close")
            let body = try response.object()
            #expect(Set(body.keys) == ["code", "message"])
            #expect(body["code"] as? String == "BadRequest")
        }
    }

    @Test func aMalformedRequestAfterAGoodOneIsAnsweredAfterIt() async throws {
        try await withTestApp(.sqlite) { app in
            let connection = try RawConnection(port: try #require(app.client.port))
            try await connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            try await eventually(within: 10, "the first answer") {
                _ = connection.isClosedByServer()
                return RawResponse(connection.received).map {
                    $0.body.count >= Int($0.headers["content-length"] ?? "0")!
                }
                    ?? false
            }
            let first = try #require(RawResponse(connection.received))
            #expect(first.statusLine.hasPrefix("HTTP/1.1 200"))
            let firstLength = connection.received.count

            try await connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: x\r\n\r\n")
            #expect(try await connection.closedByServer(within: 10))
            let second = try #require(RawResponse(Array(connection.received[firstLength...])))
            #expect(second.statusLine.hasPrefix("HTTP/1.1 400"))
            #expect(second.headers["connection"] == "close")
            #expect(Set(try second.object().keys) == ["code", "message"])
        }
    }
}
