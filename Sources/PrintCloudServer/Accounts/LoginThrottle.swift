import Foundation

/// Slows password guessing on `POST /api/client/login`: failed attempts are counted per email and per
/// client address in token buckets (5 at once, then one more every 12 s); an empty bucket refuses the
/// attempt before the password is checked.
actor LoginThrottle {
    private let clock: WallClock
    private let burst: Double
    private let refillPerSecond: Double
    private var buckets: [String: TokenBucket] = [:]

    init(clock: WallClock, burst: Double = 5, refillPerSecond: Double = 1.0 / 12) {
        self.clock = clock
        self.burst = burst
        self.refillPerSecond = refillPerSecond
    }

    /// Seconds to wait if any of `subjects` has no attempt left, else nil.
    func retryAfter(for subjects: [String]) -> Int? {
        let now = clock.now()
        let waits = subjects.compactMap { subject -> Int? in
            guard let bucket = buckets[subject], bucket.tokens(at: now) < 1 else { return nil }
            return bucket.secondsUntilNextToken(at: now)
        }
        return waits.max()
    }

    func recordFailure(for subjects: [String]) {
        let now = clock.now()
        for subject in subjects {
            var bucket = buckets[subject] ?? TokenBucket(capacity: burst, refillPerSecond: refillPerSecond, now: now)
            _ = bucket.take(now: now)
            buckets[subject] = bucket
        }
        // A full bucket is the same as none: forget those so memory stays bounded.
        if buckets.count > 10_000 {
            buckets = buckets.filter { $0.value.tokens(at: now) < $0.value.capacity }
        }
    }
}
