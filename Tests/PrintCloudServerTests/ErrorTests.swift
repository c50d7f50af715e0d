import Foundation
import HummingbirdTesting
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

@Suite struct ErrorTests {
    @Test(arguments: TestEngine.allCases, ["/nope", "/api/nope", "/api/account/apikeys/a/b"])
    func unknownRoutesAnswerJSON404(_ engine: TestEngine, path: String) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.get, path, key: account.fullKey)
            #expect(response.status == .notFound)
            #expect(try response.apiError().code == "NotFound")
        }
    }

    @Test(arguments: TestEngine.allCases, ["{bad json", "[1, 2]", "\"a string\"", "", "null"])
    func malformedBodiesAreBadRequests(_ engine: TestEngine, body: String) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.post, "/api/account/apikeys", key: account.fullKey, json: body)
            #expect(response.status == .badRequest)
            #expect(try response.apiError().code == "BadRequest")
            #expect(try await app.accounts.keys(accountID: account.accountID).count == 3)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func missingFieldIsNamed(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let response = try await app.request(.post, "/api/client/login", json: #"{"email": "a@b.c"}"#)
            #expect(response.status == .badRequest)
            #expect(try response.apiError().message.contains("password"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func bodyOverTheLimitIsRefusedWith413AndWritesNothing(_ engine: TestEngine) async throws {
        try await withTestApp(engine, maxBodySize: 1024) { app in
            let account = try await app.makeAccount()
            let huge = #"{"description": "\#(String(repeating: "x", count: 4096))"}"#
            let response = try await app.request(.post, "/api/account/apikeys", key: account.fullKey, json: huge)
            #expect(response.status == .contentTooLarge)
            #expect(try response.apiError().code == "PayloadTooLarge")
            #expect(try await app.accounts.keys(accountID: account.accountID).count == 3)
            // The server is still serving.
            #expect(try await app.request(.get, "/api/whoami", key: account.fullKey).status == .ok)
        }
    }
}
