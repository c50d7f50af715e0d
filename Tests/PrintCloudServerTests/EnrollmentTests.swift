import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Enrollment codes: made by an account's `full` key, exchanged once by an office computer for its own key.
@Suite(.timeLimit(.minutes(10))) struct EnrollmentTests {
    /// A new code of the account, and its id.
    static func makeCode(_ app: TestApp, key: String, json: String = "{}") async throws -> (code: String, id: String) {
        let response = try await app.request(.post, "/api/account/enrollment-codes", key: key, json: json)
        #expect(response.status == .created, "\(response.text)")
        let object = try response.object()
        return (try #require(object["code"] as? String), try #require(object["id"] as? String))
    }

    static func enroll(_ app: TestApp, code: String, name: String = "Front desk") async throws -> TestResponse {
        try await app.request(.post, "/api/client/enroll", json: #"{"code": "\#(code)", "name": "\#(name)"}"#)
    }

    @Test(arguments: TestEngine.allCases)
    func aCodeIsExchangedOnceForAFullKeyOfItsAccount(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (code, id) = try await Self.makeCode(app, key: account.fullKey, json: #"{"description": "Reception"}"#)
            #expect(code.hasPrefix("enr_"))

            let listed = try await app.request(.get, "/api/account/enrollment-codes", key: account.fullKey).array()
            #expect(listed.count == 1)
            #expect(listed.first?["state"] as? String == "unused")
            #expect(listed.first?["description"] as? String == "Reception")
            #expect(!String(describing: listed).contains(code))

            let enrolled = try await Self.enroll(app, code: code)
            #expect(enrolled.status == .created, "\(enrolled.text)")
            let body = try enrolled.json(ClientEnrollResponse.self)
            #expect(body.accountId == account.accountID)
            let whoami = try await app.request(.get, "/api/whoami", key: body.apiKey).object()
            #expect(whoami["permission"] as? String == "full")
            #expect(whoami["accountId"] as? String == account.accountID)
            let keys = try await app.request(.get, "/api/account/apikeys", key: account.fullKey).array()
            #expect(
                keys.contains {
                    $0["id"] as? String == body.keyId && $0["description"] as? String == "Enrolled computer Front desk"
                })

            let again = try await Self.enroll(app, code: code)
            #expect(again.status == .unauthorized)
            #expect(try again.object()["message"] as? String == "Invalid, used or expired enrollment code")
            let used = try await app.request(.get, "/api/account/enrollment-codes", key: account.fullKey).array()
            #expect(used.first?["state"] as? String == "used")
            #expect(used.first?["usedAt"] is String)
            #expect(used.first?["id"] as? String == id)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anExpiredCodeIsRefused(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (code, _) = try await Self.makeCode(app, key: account.fullKey, json: #"{"expiresIn": 60}"#)
            app.clock.advance(by: 61)
            #expect(try await Self.enroll(app, code: code).status == .unauthorized)
            let listed = try await app.request(.get, "/api/account/enrollment-codes", key: account.fullKey).array()
            #expect(listed.first?["state"] as? String == "expired")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aRevokedCodeIsRefusedAndAnotherAccountCannotSeeOrRevokeIt(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let owner = try await app.makeAccount()
            let stranger = try await app.makeAccount()
            let (code, id) = try await Self.makeCode(app, key: owner.fullKey)
            #expect(
                try await app.request(.get, "/api/account/enrollment-codes", key: stranger.fullKey).array().isEmpty)
            let foreign = try await app.request(.delete, "/api/account/enrollment-codes/\(id)", key: stranger.fullKey)
            #expect(foreign.status == .notFound)

            let revoked = try await app.request(.delete, "/api/account/enrollment-codes/\(id)", key: owner.fullKey)
            #expect(revoked.status == .ok)
            #expect(try await Self.enroll(app, code: code).status == .unauthorized)
            #expect(
                try await app.request(.delete, "/api/account/enrollment-codes/\(id)", key: owner.fullKey).status
                    == .notFound)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func twoExchangesAtOnceGetOneKey(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (code, _) = try await Self.makeCode(app, key: account.fullKey)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await Self.enroll(app, code: code).status.code } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 401 }.count == 3)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func badInputIsRefusedNamingTheFieldAndWritesNothing(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let short = try await app.request(
                .post, "/api/account/enrollment-codes", key: account.fullKey, json: #"{"expiresIn": 10}"#)
            #expect(short.status == .badRequest)
            #expect((try short.object()["message"] as? String)?.contains("expiresIn") == true)
            #expect(
                try await app.request(.get, "/api/account/enrollment-codes", key: account.fullKey).array().isEmpty)
            let noCode = try await app.request(.post, "/api/client/enroll", json: #"{"name": "x"}"#)
            #expect(noCode.status == .badRequest)
            #expect((try noCode.object()["message"] as? String)?.contains("code") == true)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func failedExchangesAreThrottled(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            var statuses: [Int] = []
            for attempt in 0..<21 {
                statuses.append(try await Self.enroll(app, code: "enr_wrong\(attempt)").status.code)
            }
            #expect(statuses.prefix(20).allSatisfy { $0 == 401 })
            #expect(statuses.last == 429)
        }
    }
}
