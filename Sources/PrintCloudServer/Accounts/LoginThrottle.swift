import Foundation

/// Slows password guessing on `POST /api/client/login`: failed attempts are counted per email and per
/// client address in token buckets (5 at once, then one more every 12 s); an empty bucket refuses the
/// attempt before the password is checked. Every attempt takes a token up front; a successful one gets
/// it back.
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

    /// Takes an attempt from each of `subjects`, before the password is checked, so that guesses sent at
    /// once cannot all pass while the first are still being checked; nil then. If any has none left, takes
    /// nothing and returns the seconds to wait.
    func takeAttempt(for subjects: [String]) -> Int? {
        let now = clock.now()
        var taken = subjects.map {
            buckets[$0] ?? TokenBucket(capacity: burst, refillPerSecond: refillPerSecond, now: now)
        }
        if let wait = taken.filter({ $0.tokens(at: now) < 1 }).map({ $0.secondsUntilNextToken(at: now) }).max() {
            return wait
        }
        for index in taken.indices {
            _ = taken[index].take(now: now)
            buckets[subjects[index]] = taken[index]
        }
        // A full bucket is the same as none: forget those so memory stays bounded.
        if buckets.count > 10_000 {
            buckets = buckets.filter { $0.value.tokens(at: now) < $0.value.capacity }
        }
        return nil
    }

    /// A successful sign-in: its attempt does not count.
    func giveBack(for subjects: [String]) {
        let now = clock.now()
        for subject in subjects { buckets[subject]?.giveBack(now: now) }
    }
}
