import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

@Suite struct AuthenticationTests {
    @Test(arguments: TestEngine.allCases)
    func healthAnswersWithoutAuthentication(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let response = try await app.request(.get, "/healthz")
            #expect(response.status == .ok)
            #expect(try response.object()["status"] as? String == "ok")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func missingKeyIsUnauthorizedWithJSONError(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let response = try await app.request(.get, "/api/whoami")
            #expect(response.status == .unauthorized)
            #expect(try response.apiError().code == "Unauthorized")
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
        }
    }

    @Test(arguments: TestEngine.allCases, ["pk_live_doesnotexist", "not-a-key", ""])
    func unknownKeyIsUnauthorized(_ engine: TestEngine, key: String) async throws {
        try await withTestApp(engine) { app in
            _ = try await app.makeAccount()
            let response = try await app.request(.get, "/api/whoami", key: key)
            #expect(response.status == .unauthorized)
            #expect(try response.apiError().code == "Unauthorized")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func malformedAuthorizationHeaderIsUnauthorized(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let response = try await app.request(
                .get, "/api/whoami", headers: [.authorization: "Basic %%%not-base64"])
            #expect(response.status == .unauthorized)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func whoamiNamesAccountUserAndPermission(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            for (permission, key) in account.keys {
                let response = try await app.request(.get, "/api/whoami", key: key)
                #expect(response.status == .ok)
                let body = try response.object()
                #expect(body["accountId"] as? String == account.accountID)
                #expect(body["permission"] as? String == permission.rawValue)
                let user = try #require(body["user"] as? [String: Any])
                #expect(user["email"] as? String == account.email)
                #expect(user["firstName"] as? String == "Ada")
                #expect((user["id"] as? String)?.hasPrefix("usr_") == true)
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func revokedKeyFailsOnTheNextRequest(_ engine: TestEngine) async throws {
        // Though verified keys are remembered for ten minutes here: revoking forgets it at once.
        try await withTestApp(engine, configure: { $0.keyCacheLifetime = .seconds(600) }) { app in
            let account = try await app.makeAccount()
            let created = try await app.request(
                .post, "/api/account/apikeys", key: account.fullKey, json: #"{"description":"temp"}"#)
            let body = try created.object()
            let key = try #require(body["key"] as? String)
            let id = try #require(body["id"] as? String)
            #expect(try await app.request(.get, "/api/whoami", key: key).status == .ok)

            let revoked = try await app.request(.delete, "/api/account/apikeys/\(id)", key: account.fullKey)
            #expect(revoked.status == .ok)
            #expect(try await app.request(.get, "/api/whoami", key: key).status == .unauthorized)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func storedKeysAreHashesNotSecrets(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let stored = try await app.storage.fetchStrings("SELECT key_hash FROM api_keys")
            #expect(stored.count == 3)
            for key in account.keys.values {
                #expect(!stored.contains(key))
                #expect(stored.contains(Identifiers.hash(apiKey: key)))
            }
        }
    }
}
