import HTTPTypes
import HummingbirdTesting
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Browsers calling the API from another origin (`--cors-origin`), through HTTP on both engines.
@Suite struct CORSTests {
    static let page = "http://localhost:3000"

    static func allowing(_ origins: String...) -> @Sendable (inout AppConfiguration) -> Void {
        { $0.corsOrigins = origins }
    }

    /// What a browser sends before a call with `Authorization` or a JSON body: never a key.
    static func preflight(from origin: String, method: String = "POST") -> HTTPFields {
        [
            .origin: origin, .accessControlRequestMethod: method,
            .accessControlRequestHeaders: "authorization,content-type",
        ]
    }

    @Test(arguments: TestEngine.allCases)
    func aPreflightFromAnAllowedOriginIsAnswered204WithThePathsMethods(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: Self.allowing(Self.page)) { app in
            let response = try await app.request(.options, "/api/printjobs", headers: Self.preflight(from: Self.page))
            #expect(response.status == .noContent)
            #expect(response.headers[.accessControlAllowOrigin] == Self.page)
            #expect(response.headers[.vary] == "Origin")
            #expect(response.headers[.accessControlAllowMethods] == "GET, HEAD, POST")
            #expect(
                response.headers[.accessControlAllowHeaders]
                    == "Authorization, Content-Type, Idempotency-Key, X-Request-Id")
            #expect(response.headers[.accessControlMaxAge] == "600")
            #expect(response.headers[.allow] == "GET, HEAD, POST, OPTIONS")

            let byIDs = try await app.request(
                .options, "/api/printjobs/pj_a,pj_b", headers: Self.preflight(from: Self.page, method: "DELETE"))
            #expect(byIDs.status == .noContent)
            #expect(byIDs.headers[.accessControlAllowMethods] == "GET, HEAD, DELETE")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aPreflightFromAnotherOriginGetsNoAllowHeaders(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: Self.allowing(Self.page)) { app in
            for origin in ["http://localhost:3001", "https://evil.example.com"] {
                let response = try await app.request(.options, "/api/printers", headers: Self.preflight(from: origin))
                #expect(response.status == .noContent)
                let cors = response.headers.filter { $0.name.canonicalName.hasPrefix("access-control-") }
                #expect(cors.isEmpty, "\(cors)")
                #expect(response.headers[.vary] == "Origin")
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aPreflightToAnUnknownPathIsStill404(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: Self.allowing(Self.page)) { app in
            let response = try await app.request(.options, "/api/nothing", headers: Self.preflight(from: Self.page))
            #expect(response.status == .notFound)
            #expect(response.headers[.accessControlAllowMethods] == nil)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func callsFromAnAllowedOriginCarryAllowOriginAndExposeHeaders(_ engine: TestEngine) async throws {
        try await withTestApp(engine, rateLimit: 10, configure: Self.allowing(Self.page)) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let origin: HTTPFields = [.origin: Self.page]
            let printers = try await app.request(.get, "/api/printers", key: account.fullKey, headers: origin)
            let created = try await app.request(
                .post, "/api/printjobs", key: account.fullKey,
                json: #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "QQ=="}"#,
                headers: origin)
            #expect(printers.status == .ok)
            #expect(created.status == .created)
            for response in [printers, created] {
                #expect(response.headers[.accessControlAllowOrigin] == Self.page)
                #expect(
                    response.headers[.accessControlExposeHeaders]
                        == "X-RateLimit-Limit, X-RateLimit-Remaining, Retry-After, X-Request-Id")
                #expect(response.headers[.vary] == "Origin")
                #expect(response.headers[.accessControlAllowMethods] == nil, "only a preflight names methods")
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func errorsCarryThemTooSoThePageCanReadThem(_ engine: TestEngine) async throws {
        try await withTestApp(engine, rateLimit: 1, configure: Self.allowing(Self.page)) { app in
            let account = try await app.makeAccount()
            let origin: HTTPFields = [.origin: Self.page]
            let unauthorized = try await app.request(.get, "/api/printers", headers: origin)
            #expect(unauthorized.status == .unauthorized)
            try await app.request(.get, "/api/printers", key: account.fullKey, headers: origin)
            let limited = try await app.request(.get, "/api/printers", key: account.fullKey, headers: origin)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            let unknown = try await app.request(.get, "/api/nothing", key: account.fullKey, headers: origin)
            #expect(unknown.status == .notFound)
            for response in [unauthorized, limited, unknown] {
                #expect(response.headers[.accessControlAllowOrigin] == Self.page)
                #expect(response.headers[.accessControlExposeHeaders]?.contains("Retry-After") == true)
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func preflightsNeedNoKeyAndSpendNoRateLimit(_ engine: TestEngine) async throws {
        try await withTestApp(engine, rateLimit: 2, configure: Self.allowing(Self.page)) { app in
            let account = try await app.makeAccount()
            for _ in 0..<5 {
                let response = try await app.request(.options, "/api/whoami", headers: Self.preflight(from: Self.page))
                #expect(response.status == .noContent)
            }
            let call = try await app.request(
                .get, "/api/whoami", key: account.fullKey, headers: [.origin: Self.page])
            #expect(call.status == .ok)
            #expect(call.headers[.init("X-RateLimit-Remaining")!] == "1")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aStarAllowsAnyOrigin(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: Self.allowing("*")) { app in
            let account = try await app.makeAccount()
            let origin = "https://anywhere.example.org"
            let preflight = try await app.request(.options, "/api/printers", headers: Self.preflight(from: origin))
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
            #expect(preflight.headers[.accessControlAllowMethods] == "GET, HEAD")
            let call = try await app.request(.get, "/api/printers", key: account.fullKey, headers: [.origin: origin])
            #expect(call.headers[.accessControlAllowOrigin] == "*")
            #expect(call.headers[.vary] == nil)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func withoutCORSOriginsNothingChanges(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let preflight = try await app.request(.options, "/api/printjobs", headers: Self.preflight(from: Self.page))
            #expect(preflight.status == .methodNotAllowed)
            #expect(preflight.headers[.allow] == "GET, HEAD, POST")
            let origin: HTTPFields = [.origin: Self.page]
            let responses = [
                preflight,
                try await app.request(.get, "/api/printers", key: account.fullKey, headers: origin),
                try await app.request(.get, "/api/printers", headers: origin),
                try await app.request(.get, "/api/nothing", headers: origin),
            ]
            for response in responses {
                let cors = response.headers.filter {
                    $0.name.canonicalName.hasPrefix("access-control-") || $0.name == .vary
                }
                #expect(cors.isEmpty, "\(response.status): \(cors)")
            }
        }
    }
}
