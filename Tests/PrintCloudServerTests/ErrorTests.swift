import Foundation
import HummingbirdTesting
import Testing

@testable import PrintCloudServer

@Suite struct ErrorTests {
    @Test(arguments: ["/nope", "/api/nope", "/api/account/apikeys/a/b"])
    func unknownRoutesAnswerJSON404(path: String) async throws {
        try await withTestApp { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.get, path, key: account.fullKey)
            #expect(response.status == .notFound)
            #expect(try response.apiError().code == "NotFound")
        }
    }

    @Test func wrongMethodAnswersJSONError() async throws {
        try await withTestApp { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.put, "/api/whoami", key: account.fullKey)
            #expect(response.status == .notFound)
            #expect(try response.apiError().code == "NotFound")
        }
    }

    @Test(arguments: ["{bad json", "[1, 2]", "\"a string\"", "", "null"])
    func malformedBodiesAreBadRequests(body: String) async throws {
        try await withTestApp { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.post, "/api/account/apikeys", key: account.fullKey, json: body)
            #expect(response.status == .badRequest)
            #expect(try response.apiError().code == "BadRequest")
            #expect(try await app.accounts.keys(accountID: account.accountID).count == 3)
        }
    }

    @Test func missingFieldIsNamed() async throws {
        try await withTestApp { app in
            let response = try await app.request(.post, "/api/client/login", json: #"{"email": "a@b.c"}"#)
            #expect(response.status == .badRequest)
            #expect(try response.apiError().message.contains("password"))
        }
    }

    @Test func bodyOverTheLimitIsRefusedWith413AndWritesNothing() async throws {
        try await withTestApp(maxBodySize: 1024) { app in
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
