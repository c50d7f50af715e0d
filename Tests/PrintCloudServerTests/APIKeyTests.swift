import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

@Suite struct APIKeyTests {
    @Test(arguments: TestEngine.allCases)
    func createdKeyIsShownOnceWithItsShape(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(
                .post, "/api/account/apikeys", key: account.fullKey,
                json: #"{"description": "Production", "permission": "print_only"}"#)
            #expect(response.status == .created)
            let body = try response.object()
            #expect(Set(body.keys) == ["id", "key", "description", "permission"])
            #expect((body["id"] as? String)?.hasPrefix("key_") == true)
            let key = try #require(body["key"] as? String)
            #expect(key.hasPrefix("pk_live_"))
            #expect(key.count >= "pk_live_".count + 26)  // ≥ 128 bits in base 36
            #expect(body["description"] as? String == "Production")
            #expect(body["permission"] as? String == "print_only")

            let whoami = try await app.request(.get, "/api/whoami", key: key).object()
            #expect(whoami["permission"] as? String == "print_only")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aKeyDeletedBehindTheServersBackIsRefusedWithinTheCachesLifetime(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: { $0.keyCacheLifetime = .seconds(1) }) { app in
            let account = try await app.makeAccount()
            let key = try #require(account.keys[.readOnly])
            #expect(try await app.request(.get, "/api/whoami", key: key).status == .ok)
            // As a lost cluster message would leave it: gone from the database, still remembered here.
            try await app.storage.statements.write(
                SQL("DELETE FROM api_keys WHERE key_hash = ?", Identifiers.hash(apiKey: key)))
            try await eventually(within: 20, "the deleted key is refused") {
                try await app.request(.get, "/api/whoami", key: key).status == .unauthorized
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func permissionDefaultsToFull(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.post, "/api/account/apikeys", key: account.fullKey, json: "{}")
            #expect(response.status == .created)
            #expect(try response.object()["permission"] as? String == "full")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func listShowsKeysButNeverTheirSecrets(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.get, "/api/account/apikeys", key: account.keys[.readOnly])
            #expect(response.status == .ok)
            let list = try #require(
                try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
            #expect(list.count == 3)
            #expect(Set(list.compactMap { $0["permission"] as? String }) == ["full", "print_only", "read_only"])
            for item in list {
                #expect(Set(item.keys) == ["id", "description", "permission", "createdAt"])
            }
            for key in account.keys.values {
                #expect(!response.text.contains(key))
                #expect(!response.text.contains(Identifiers.hash(apiKey: key)))
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anAccountNeverSeesAnotherAccountsKeys(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let alice = try await app.makeAccount()
            let bob = try await app.makeAccount()
            let bobsKeys = try await app.accounts.keys(accountID: bob.accountID)

            let list = try await app.request(.get, "/api/account/apikeys", key: alice.fullKey)
            for key in bobsKeys { #expect(!list.text.contains(key.id)) }

            let delete = try await app.request(.delete, "/api/account/apikeys/\(bobsKeys[0].id)", key: alice.fullKey)
            #expect(delete.status == .notFound)
            #expect(try delete.apiError().code == "NotFound")
            #expect(try await app.request(.get, "/api/whoami", key: bob.fullKey).status == .ok)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func revokingAnUnknownKeyIsNotFound(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.delete, "/api/account/apikeys/key_nope", key: account.fullKey)
            #expect(response.status == .notFound)
        }
    }

    static let badInputs = [
        (#"{"permission": "admin"}"#, "permission"),
        (#"{"permission": 5}"#, "permission"),
        (#"{"description": ["x"]}"#, "description"),
        (#"{"description": "\#(String(repeating: "x", count: 201))"}"#, "description"),
    ]

    @Test(arguments: TestEngine.allCases, badInputs)
    func badInputIsRejectedNamingTheFieldAndWritesNothing(_ engine: TestEngine, _ input: (json: String, field: String))
        async throws
    {
        let (json, field) = input
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.post, "/api/account/apikeys", key: account.fullKey, json: json)
            #expect(response.status == .badRequest)
            let error = try response.apiError()
            #expect(error.code == "BadRequest")
            #expect(error.message.contains(field))
            #expect(try await app.accounts.keys(accountID: account.accountID).count == 3)
        }
    }
}
