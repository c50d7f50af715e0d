import Foundation

/// A token bucket per account: `limit` requests per second, with bursts of up to `limit`. With several
/// server instances behind a balancer each sees about its share of an account's requests, so each allows
/// its share of the budget: the limit holds globally without a database round trip per request.
actor RateLimiter {
    enum Decision: Equatable {
        case allowed(remaining: Int)
        case limited(retryAfter: Int)
    }

    let limit: Int
    private let clock: WallClock
    private var buckets: [String: TokenBucket] = [:]
    private var instances = 1

    init(limit: Int, clock: WallClock) {
        self.limit = limit
        self.clock = clock
    }

    func take(for account: String) -> Decision {
        let now = clock.now()
        let rate = Double(limit) / Double(instances)
        var bucket = buckets[account] ?? TokenBucket(capacity: max(1, rate), refillPerSecond: rate, now: now)
        defer { buckets[account] = bucket }
        if bucket.take(now: now) {
            if buckets.count > 10_000 { forgetIdleAccounts(now: now) }
            return .allowed(remaining: min(limit, Int(bucket.tokens(at: now) * Double(instances))))
        }
        return .limited(retryAfter: bucket.secondsUntilNextToken(at: now))
    }

    /// Shares the budget among `count` live instances from now on.
    func share(among count: Int) {
        guard count >= 1, count != instances else { return }
        instances = count
        buckets = [:]
    }

    /// A full bucket is the same as none: forget those so memory stays bounded.
    private func forgetIdleAccounts(now: Date) {
        buckets = buckets.filter { $0.value.tokens(at: now) < $0.value.capacity }
    }
}
