import HTTPTypes
import Testing

@testable import PrintCloudServer

/// The CORS rules alone, without a server.
struct CORSPolicyTests {
    @Test(arguments: [
        ("https://app.example.com", "https://app.example.com"),
        ("HTTPS://App.Example.COM/", "https://app.example.com"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://127.0.0.1:80", "http://127.0.0.1"),
        ("https://erp.example.com:443", "https://erp.example.com"),
        ("https://erp.example.com:8443", "https://erp.example.com:8443"),
        ("http://[::1]:3000", "http://[::1]:3000"),
    ])
    func anOriginIsKeptAsABrowserSendsIt(given: String, sent: String) throws {
        #expect(CORSPolicy.serialized(given) == sent)
        let policy = try CORSPolicy(allowing: [given])
        #expect(policy.allows(sent))
    }

    @Test(arguments: [
        "null", "app.example.com", "https://app.example.com/path", "https://user@app.example.com",
        "https://app.example.com?x=1", "https://", "",
    ])
    func somethingABrowserNeverSendsIsRefused(origin: String) {
        #expect(throws: CORSPolicy.InvalidOrigin(origin: origin)) { try CORSPolicy(allowing: [origin]) }
    }

    @Test func withoutOriginsNothingIsAllowedAndNoHeaderIsAdded() throws {
        let policy = try CORSPolicy(allowing: [])
        #expect(!policy.isEnabled)
        #expect(!policy.allows("https://app.example.com"))
        #expect(policy.responseHeaders(origin: "https://app.example.com").isEmpty)
        #expect(policy.preflightHeaders(origin: "https://app.example.com", methods: [.get]).isEmpty)
    }

    @Test func aListedOriginIsEchoedAndOthersGetOnlyVary() throws {
        let policy = try CORSPolicy(allowing: ["https://app.example.com", "http://localhost:3000"])
        let allowed = policy.responseHeaders(origin: "https://app.example.com")
        #expect(allowed[.accessControlAllowOrigin] == "https://app.example.com")
        #expect(
            allowed[.accessControlExposeHeaders]
                == "X-RateLimit-Limit, X-RateLimit-Remaining, Retry-After, X-Request-Id")
        #expect(allowed[.vary] == "Origin")
        for other in ["https://evil.example.com", "http://localhost:3001", nil] {
            let headers = policy.responseHeaders(origin: other)
            #expect(headers[.accessControlAllowOrigin] == nil)
            #expect(headers[.accessControlExposeHeaders] == nil)
            #expect(headers[.vary] == "Origin", "a cache must not serve this answer to a listed origin")
            #expect(policy.preflightHeaders(origin: other, methods: [.get]).isEmpty)
        }
    }

    @Test func aStarAllowsEveryOriginWithAStar() throws {
        let policy = try CORSPolicy(allowing: ["https://app.example.com", "*"])
        let headers = policy.responseHeaders(origin: "https://anything.example.org")
        #expect(headers[.accessControlAllowOrigin] == "*")
        #expect(headers[.vary] == nil)
        #expect(policy.responseHeaders(origin: nil)[.accessControlAllowOrigin] == "*")
    }

    @Test func aPreflightNamesThePathsMethodsTheHeadersAndHowLongToKeepIt() throws {
        let policy = try CORSPolicy(allowing: ["http://localhost:3000"])
        let headers = policy.preflightHeaders(origin: "http://localhost:3000", methods: [.get, .head, .post])
        #expect(headers[.accessControlAllowMethods] == "GET, HEAD, POST")
        #expect(headers[.accessControlAllowHeaders] == "Authorization, Content-Type, Idempotency-Key, X-Request-Id")
        #expect(headers[.accessControlMaxAge] == "600")
    }
}
