import Foundation
import HummingbirdTesting
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

@Suite struct RateLimitTests {
    @Test(arguments: TestEngine.allCases)
    func requestsOverTheLimitGet429UntilTimeMoves(_ engine: TestEngine) async throws {
        try await withTestApp(engine, rateLimit: 3) { app in
            let account = try await app.makeAccount()
            for expectedRemaining in [2, 1, 0] {
                let response = try await app.request(.get, "/api/whoami", key: account.fullKey)
                #expect(response.status == .ok)
                #expect(response.headers[.init("X-RateLimit-Limit")!] == "3")
                #expect(response.headers[.init("X-RateLimit-Remaining")!] == String(expectedRemaining))
            }
            let limited = try await app.request(.get, "/api/whoami", key: account.fullKey)
            #expect(limited.status == .tooManyRequests)
            #expect(try limited.apiError().code == "TooManyRequests")
            #expect(limited.headers[.retryAfter] == "1")

            app.clock.advance(by: 1)
            #expect(try await app.request(.get, "/api/whoami", key: account.fullKey).status == .ok)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func eachAccountHasItsOwnBudget(_ engine: TestEngine) async throws {
        try await withTestApp(engine, rateLimit: 2) { app in
            let alice = try await app.makeAccount()
            let bob = try await app.makeAccount()
            for _ in 0..<2 { try await app.request(.get, "/api/whoami", key: alice.fullKey) }
            #expect(try await app.request(.get, "/api/whoami", key: alice.fullKey).status == .tooManyRequests)
            // Another key of the same account shares the account's budget.
            #expect(try await app.request(.get, "/api/whoami", key: alice.keys[.readOnly]).status == .tooManyRequests)
            #expect(try await app.request(.get, "/api/whoami", key: bob.fullKey).status == .ok)
        }
    }

    // No database involved, so nothing to run per engine.
    @Test func tokenBucketRefillsContinuously() {
        let start = Date(timeIntervalSince1970: 0)
        var bucket = TokenBucket(capacity: 10, refillPerSecond: 10, now: start)
        let taken = (0..<11).map { _ in bucket.take(now: start) }
        #expect(taken == Array(repeating: true, count: 10) + [false])
        #expect(bucket.secondsUntilNextToken(at: start) == 1)
        let later = start.addingTimeInterval(0.1)
        let takenLater = [bucket.take(now: later), bucket.take(now: later)]
        #expect(takenLater == [true, false])
        #expect(bucket.tokens(at: start.addingTimeInterval(100)) == 10)
    }
}
