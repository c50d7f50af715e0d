import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import Testing

@testable import PrintCloudServer

@Suite struct APIKeyTests {
    @Test func createdKeyIsShownOnceWithItsShape() async throws {
        try await withTestApp { app in
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

    @Test func permissionDefaultsToFull() async throws {
        try await withTestApp { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.post, "/api/account/apikeys", key: account.fullKey, json: "{}")
            #expect(response.status == .created)
            #expect(try response.object()["permission"] as? String == "full")
        }
    }

    @Test func listShowsKeysButNeverTheirSecrets() async throws {
        try await withTestApp { app in
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

    @Test func anAccountNeverSeesAnotherAccountsKeys() async throws {
        try await withTestApp { app in
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

    @Test func revokingAnUnknownKeyIsNotFound() async throws {
        try await withTestApp { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.delete, "/api/account/apikeys/key_nope", key: account.fullKey)
            #expect(response.status == .notFound)
        }
    }

    @Test(arguments: [
        (#"{"permission": "admin"}"#, "permission"),
        (#"{"permission": 5}"#, "permission"),
        (#"{"description": ["x"]}"#, "description"),
        (#"{"description": "\#(String(repeating: "x", count: 201))"}"#, "description"),
    ])
    func badInputIsRejectedNamingTheFieldAndWritesNothing(json: String, field: String) async throws {
        try await withTestApp { app in
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
