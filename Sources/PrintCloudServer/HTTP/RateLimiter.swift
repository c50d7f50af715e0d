import Foundation

/// A token bucket per account: `limit` requests per second, with bursts of up to `limit`.
actor RateLimiter {
    enum Decision: Equatable {
        case allowed(remaining: Int)
        case limited(retryAfter: Int)
    }

    let limit: Int
    private let clock: WallClock
    private var buckets: [String: TokenBucket] = [:]

    init(limit: Int, clock: WallClock) {
        self.limit = limit
        self.clock = clock
    }

    func take(for account: String) -> Decision {
        let now = clock.now()
        var bucket =
            buckets[account] ?? TokenBucket(capacity: Double(limit), refillPerSecond: Double(limit), now: now)
        defer { buckets[account] = bucket }
        if bucket.take(now: now) {
            if buckets.count > 10_000 { forgetIdleAccounts(now: now) }
            return .allowed(remaining: Int(bucket.tokens(at: now)))
        }
        return .limited(retryAfter: bucket.secondsUntilNextToken(at: now))
    }

    /// A full bucket is the same as none: forget those so memory stays bounded.
    private func forgetIdleAccounts(now: Date) {
        buckets = buckets.filter { $0.value.tokens(at: now) < $0.value.capacity }
    }
}
