import Foundation
import Testing

@testable import PrintCloudServer

/// Several instances behind a balancer share one account's budget.
@Suite struct RateLimiterShareTests {
    func allowedInOneInstant(_ limiter: RateLimiter) async -> Int {
        var allowed = 0
        while case .allowed = await limiter.take(for: "acc_1") { allowed += 1 }
        return allowed
    }

    @Test func eachOfTwoInstancesAllowsHalfTheBudget() async {
        let clock = ManualClock()
        let limiter = RateLimiter(limit: 10, clock: clock.wallClock)
        #expect(await allowedInOneInstant(limiter) == 10)
        await limiter.share(among: 2)
        clock.advance(by: 1)
        #expect(await allowedInOneInstant(limiter) == 5)
        clock.advance(by: 1)
        #expect(await limiter.take(for: "acc_1") == .allowed(remaining: 8))
    }

    @Test func aBudgetSmallerThanTheInstancesStillAllowsOneRequest() async {
        let clock = ManualClock()
        let limiter = RateLimiter(limit: 2, clock: clock.wallClock)
        await limiter.share(among: 4)
        #expect(await allowedInOneInstant(limiter) == 1)
        // Half a token per second each: the next request waits two seconds.
        clock.advance(by: 1)
        #expect(await limiter.take(for: "acc_1") == .limited(retryAfter: 1))
        clock.advance(by: 1)
        #expect(await allowedInOneInstant(limiter) == 1)
    }
}
