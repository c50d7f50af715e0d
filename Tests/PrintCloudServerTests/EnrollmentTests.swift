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
            #expect(code.hasPrefix("pk_enroll_"))

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
            #expect(used.first?["keyId"] as? String == body.keyId)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aCodeWorksUntilItExpires(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (early, _) = try await Self.makeCode(app, key: account.fullKey, json: #"{"expireAfter": 60}"#)
            let (late, _) = try await Self.makeCode(app, key: account.fullKey, json: #"{"expireAfter": 60}"#)
            app.clock.advance(by: 59)
            #expect(try await Self.enroll(app, code: early).status == .created)
            app.clock.advance(by: 2)
            #expect(try await Self.enroll(app, code: late).status == .unauthorized)
            let listed = try await app.request(.get, "/api/account/enrollment-codes", key: account.fullKey).array()
            // Made at the same instant of the test clock: listed in either order.
            #expect(Set(listed.compactMap { $0["state"] as? String }) == ["used", "expired"])
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
    func exchangesAtOnceGetOneKey(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (code, _) = try await Self.makeCode(app, key: account.fullKey)
            let keysBefore = try await app.storage.apiKeys.keys(accountID: account.accountID).count
            // Straight to the service, each from its own address: the test client sends one request at a time.
            let enrollment = EnrollmentService(storage: app.storage, clock: app.clock.wallClock)
            let exchanged = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        do {
                            _ = try await enrollment.enroll(
                                code: code, computerName: "PC \(index)", clientAddress: "10.0.0.\(index)")
                            return true
                        } catch let error as ServiceError where error.code == .unauthorized {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(exchanged == 1)
            #expect(try await app.storage.apiKeys.keys(accountID: account.accountID).count == keysBefore + 1)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aRefusedExchangeLeavesTheCodeUnusedAndOnlyItsHashIsStored(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (code, _) = try await Self.makeCode(app, key: account.fullKey)
            let keysBefore = try await app.storage.apiKeys.keys(accountID: account.accountID).count
            let tooLong = try await Self.enroll(app, code: code, name: String(repeating: "n", count: 151))
            #expect(tooLong.status == .badRequest)
            #expect(try tooLong.apiError().message.hasPrefix("name:"))
            let stored = try await app.storage.enrollmentCodes.codes(accountID: account.accountID)
            #expect(stored.map(\.usedAt) == [nil])
            #expect(stored.first?.codeHash == Identifiers.hash(apiKey: code))
            #expect(try await app.storage.apiKeys.keys(accountID: account.accountID).count == keysBefore)
            #expect(try await Self.enroll(app, code: code).status == .created)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func badInputIsRefusedNamingTheFieldAndWritesNothing(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let short = try await app.request(
                .post, "/api/account/enrollment-codes", key: account.fullKey, json: #"{"expireAfter": 10}"#)
            #expect(short.status == .badRequest)
            #expect((try short.object()["message"] as? String)?.contains("expireAfter") == true)
            let fraction = try await app.request(
                .post, "/api/account/enrollment-codes", key: account.fullKey, json: #"{"expireAfter": 1.5}"#)
            #expect(fraction.status == .badRequest)
            #expect(try fraction.apiError().message.hasPrefix("expireAfter:"))
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
                statuses.append(try await Self.enroll(app, code: "pk_enroll_wrong\(attempt)").status.code)
            }
            #expect(statuses.prefix(20).allSatisfy { $0 == 401 })
            #expect(statuses.last == 429)
            let throttled = try await Self.enroll(app, code: "pk_enroll_wrong")
            #expect(throttled.status == .tooManyRequests)
            #expect(try throttled.apiError().code == "TooManyRequests")
            #expect(throttled.headers[.retryAfter] != nil)
        }
    }
}
