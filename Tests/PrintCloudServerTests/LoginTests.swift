import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import PrintCloudProtocol
import PrintCloudTestSupport
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
            for index in 0..<20 {
                let guess = #"{"email": "victim\#(index)@example.com", "password": "guess guess"}"#
                #expect(try await app.request(.post, "/api/client/login", json: guess).status == .unauthorized)
            }
            let right = #"{"email": "\#(account.email)", "password": "\#(account.password)"}"#
            #expect(try await app.request(.post, "/api/client/login", json: right).status == .tooManyRequests)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func wrongPasswordsFromOneAddressDoNotLockTheUserOutElsewhere(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let wrong = #"{"email": "\#(account.email)", "password": "guess guess"}"#
            for _ in 0..<5 {
                #expect(try await app.request(.post, "/api/client/login", json: wrong).status == .unauthorized)
            }
            let right = #"{"email": "\#(account.email)", "password": "\#(account.password)"}"#
            #expect(try await app.request(.post, "/api/client/login", json: right).status == .tooManyRequests)
            // The same server, reached from another loopback address: the user's own computer.
            let port = try #require(app.client.port)
            let elsewhere = try await Self.login(port: port, from: "127.0.0.2", json: right)
            #expect(elsewhere == .ok)
        }
    }

    @Test func guessesSpreadOverManyAddressesMeetThePerEmailCeiling() async {
        let throttle = LoginThrottle(clock: ManualClock().wallClock)
        let burst = Int(LoginThrottle.Limit.email.burst)
        for index in 0..<burst {
            #expect(
                await throttle.takeAttempt(email: "victim@example.com", address: "10.0.\(index / 250).\(index % 250)")
                    == nil)
        }
        #expect(await throttle.takeAttempt(email: "victim@example.com", address: "192.0.2.1") != nil)
        #expect(await throttle.takeAttempt(email: "someone@example.com", address: "192.0.2.1") == nil)
    }

    @Test(arguments: TestEngine.allCases)
    func aPasswordThatDiffersPastBcryptsLimitNeverSignsIn(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let password = String(repeating: "p", count: 72)
            let (user, _) = try await app.accounts.createAccount(email: "long@example.com", password: password)
            #expect(user.email == "long@example.com")
            let right = #"{"email": "long@example.com", "password": "\#(password)"}"#
            #expect(try await app.request(.post, "/api/client/login", json: right).status == .ok)
            for suffix in ["x", "anything at all"] {
                let longer = #"{"email": "long@example.com", "password": "\#(password + suffix)"}"#
                let response = try await app.request(.post, "/api/client/login", json: longer)
                #expect(response.status == .unauthorized)
            }
            let withNUL = #"{"email": "long@example.com", "password": "\#(password.prefix(10))\u0000tail"}"#
            #expect(try await app.request(.post, "/api/client/login", json: withNUL).status == .unauthorized)
            await #expect(throws: ServiceError.self) {
                try await app.accounts.createAccount(email: "nul@example.com", password: "abcdefgh\u{0}ijk")
            }
            // 71 ASCII bytes and one two-byte letter: 73 bytes, refused when the user is made.
            await #expect(
                throws: ServiceError.invalid(
                    "password", "must be at most 72 bytes (bcrypt's limit), with no NUL character")
            ) {
                try await app.accounts.createAccount(
                    email: "toolong@example.com", password: String(repeating: "p", count: 71) + "é")
            }
        }
    }

    /// `POST /api/client/login` from `source`, a loopback address of this machine other than the test client's.
    static func login(port: Int, from source: String, json: String) async throws -> HTTPResponseStatus {
        var configuration = HTTPClient.Configuration()
        configuration.localAddress = source
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/client/login")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
            let status = try await client.execute(request, timeout: .seconds(30)).status
            try await client.shutdown()
            return status
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
