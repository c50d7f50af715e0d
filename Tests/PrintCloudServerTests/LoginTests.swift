import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import Testing

@testable import PrintCloudServer

@Suite struct LoginTests {
    @Test(arguments: TestEngine.allCases)
    func loginAnswersTheDocumentedShapeWithAWorkingFullKey(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(
                .post, "/api/client/login",
                json: #"{"email": "\#(account.email.uppercased())", "password": "\#(account.password)"}"#)
            #expect(response.status == .ok)
            let object = try response.object()
            #expect(Set(object.keys) == ["success", "apiKey", "user"])
            let body = try response.json(ClientLoginResponse.self)
            #expect(body.success)
            #expect(body.user.email == account.email)
            #expect(body.user.firstName == "Ada")
            #expect(body.user.lastName == "Lovelace")
            let whoami = try await app.request(.get, "/api/whoami", key: body.apiKey).object()
            #expect(whoami["permission"] as? String == "full")
            #expect(whoami["accountId"] as? String == account.accountID)
        }
    }

    static let wrongCredentials = [
        ("right@example.com", "wrong password"), ("nobody@example.com", "correct horse battery"),
    ]

    @Test(arguments: TestEngine.allCases, wrongCredentials)
    func wrongCredentialsAreUnauthorized(_ engine: TestEngine, _ input: (email: String, password: String)) async throws
    {
        let (email, password) = input
        try await withTestApp(engine) { app in
            _ = try await app.makeAccount(email: "right@example.com")
            let response = try await app.request(
                .post, "/api/client/login", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
            #expect(response.status == .unauthorized)
            #expect(try response.apiError().message == "Invalid email or password")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func repeatedFailuresAreThrottledEvenWithTheRightPassword(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let wrong = #"{"email": "\#(account.email)", "password": "guess guess"}"#
            for _ in 0..<5 {
                #expect(try await app.request(.post, "/api/client/login", json: wrong).status == .unauthorized)
            }
            let right = #"{"email": "\#(account.email)", "password": "\#(account.password)"}"#
            let throttled = try await app.request(.post, "/api/client/login", json: right)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] != nil)

            app.clock.advance(by: 13)
            #expect(try await app.request(.post, "/api/client/login", json: right).status == .ok)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func guessesSentAtOnceGetNoMoreTriesThanOneAfterAnother(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let wrong = #"{"email": "\#(account.email)", "password": "guess guess"}"#
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await app.request(.post, "/api/client/login", json: wrong).status.code }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 401 }.count == 5)
            #expect(statuses.filter { $0 == 429 }.count == 15)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func failuresFromOneAddressThrottleOtherEmailsToo(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            for index in 0..<5 {
                let guess = #"{"email": "victim\#(index)@example.com", "password": "guess guess"}"#
                #expect(try await app.request(.post, "/api/client/login", json: guess).status == .unauthorized)
            }
            let right = #"{"email": "\#(account.email)", "password": "\#(account.password)"}"#
            #expect(try await app.request(.post, "/api/client/login", json: right).status == .tooManyRequests)
        }
    }
}
