import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// An account made for a test, with one key of each permission.
struct TestAccount {
    let accountID: String
    let email: String
    let password: String
    let keys: [Permission: String]

    var fullKey: String { keys[.full]! }
}

/// What a test gets: a client of a live server on a fresh database, its storage and its clock.
struct TestApp {
    let client: any TestClientProtocol
    let storage: Storage
    let clock: ManualClock
    let accounts: AccountService

    /// A new account with a key of each permission.
    func makeAccount(email: String = "owner-\(UUID().uuidString.prefix(8).lowercased())@example.com") async throws
        -> TestAccount
    {
        let password = "correct horse battery"
        let (user, fullKey) = try await accounts.createAccount(
            email: email, password: password, firstName: "Ada", lastName: "Lovelace")
        var keys: [Permission: String] = [.full: fullKey.key]
        for permission in [Permission.printOnly, .readOnly] {
            keys[permission] = try await accounts.createKey(
                accountID: user.accountID, description: "test", permission: permission.rawValue
            ).key
        }
        return TestAccount(accountID: user.accountID, email: email, password: password, keys: keys)
    }

    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ uri: String, key: String? = nil, json: String? = nil,
        headers extraHeaders: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extraHeaders
        if let key { headers[.authorization] = "Basic " + Data("\(key):".utf8).base64EncodedString() }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.execute(
            uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }
        ) { $0 }
    }
}

/// Runs `body` against a live server on loopback with a fresh database of `engine`.
func withTestApp(
    _ engine: TestEngine,
    rateLimit: Int = 0,
    maxBodySize: Int = 64 * 1024 * 1024,
    configure: @Sendable (inout AppConfiguration) -> Void = { _ in },
    logger: Logger? = nil,
    _ body: @escaping @Sendable (TestApp) async throws -> Void
) async throws {
    try await withTestDatabase(engine) { location in
        try await withTestApp(
            location: location, rateLimit: rateLimit, maxBodySize: maxBodySize, configure: configure, logger: logger,
            body)
    }
}

/// Runs `body` against a live server on the database at `location`, which outlives it (for restarts).
func withTestApp(
    location: DatabaseLocation,
    rateLimit: Int = 0,
    maxBodySize: Int = 64 * 1024 * 1024,
    configure: @Sendable (inout AppConfiguration) -> Void = { _ in },
    logger: Logger? = nil,
    _ body: @escaping @Sendable (TestApp) async throws -> Void
) async throws {
    do {
        let clock = ManualClock()
        let configuration = {
            var configuration = AppConfiguration()
            configuration.port = 0
            configuration.rateLimit = rateLimit
            configuration.maxBodySize = maxBodySize
            configuration.clock = clock.wallClock
            // The lowest bcrypt cost: tests check behaviour, not hashing strength.
            configuration.passwords = PasswordHasher(cost: 4)
            // The test client connects when the app starts and may first send a request long after, on a
            // machine busy with the whole suite; the slow-client tests set short timeouts of their own.
            configuration.headerTimeout = .seconds(600)
            configuration.idleTimeout = .seconds(600)
            configure(&configuration)
            return configuration
        }()
        let logger =
            logger
            ?? {
                var logger = Logger(label: "test")
                logger.logLevel = .warning
                return logger
            }()
        try await Storage.withOpen(location, logger: logger) { storage in
            let app = try await buildApplication(configuration: configuration, storage: storage, logger: logger)
            let accounts = AccountService(storage: storage, passwords: configuration.passwords, clock: clock.wallClock)
            try await app.test(.live) { client in
                try await body(TestApp(client: client, storage: storage, clock: clock, accounts: accounts))
            }
        }
    }
}

extension TestResponse {
    /// The body decoded as JSON of type `T`.
    func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            return try Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        return try decoder.decode(T.self, from: Data(body.readableBytesView))
    }

    /// The body as a JSON object.
    func object() throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
    }

    var text: String { String(buffer: body) }

    /// The error body, checking it has exactly the documented shape: `code` and `message`, and the request's
    /// id as `requestId`, also the one in the response's `X-Request-Id`.
    func apiError() throws -> APIErrorBody {
        let object = try object()
        #expect(Set(object.keys) == ["code", "message", "requestId"])
        let error = try json(APIErrorBody.self)
        #expect(error.requestId != nil && error.requestId == headers[.requestID])
        return error
    }
}

/// Whether `text` is a timestamp as API.md writes them: ISO 8601 UTC with milliseconds.
func isAPITimestamp(_ text: String) -> Bool {
    text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil
        && (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))) != nil
}
