import Foundation

/// A token bucket: `capacity` tokens, refilled continuously at `refillPerSecond`.
/// A pure value, so the rate limiter and the login throttle share it and tests drive it with any time.
struct TokenBucket: Sendable {
    let capacity: Double
    let refillPerSecond: Double
    private var tokens: Double
    private var updatedAt: Date

    init(capacity: Double, refillPerSecond: Double, now: Date) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
        self.tokens = capacity
        self.updatedAt = now
    }

    /// The tokens there are at `now`.
    func tokens(at now: Date) -> Double {
        min(capacity, tokens + max(0, now.timeIntervalSince(updatedAt)) * refillPerSecond)
    }

    /// Takes one token if there is one.
    mutating func take(now: Date) -> Bool {
        tokens = tokens(at: now)
        updatedAt = max(updatedAt, now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Gives a taken token back.
    mutating func giveBack(now: Date) {
        tokens = min(capacity, tokens(at: now) + 1)
        updatedAt = max(updatedAt, now)
    }

    /// Whole seconds from `now` until the next token, at least 1.
    func secondsUntilNextToken(at now: Date) -> Int {
        max(1, Int((max(0, 1 - tokens(at: now)) / refillPerSecond).rounded(.up)))
    }
}
