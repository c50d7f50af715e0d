/// Delays between reconnection attempts: doubling from 1 s up to 60 s, with jitter so that many clients
/// coming back after a server restart do not arrive at once. A pure value: tests drive it with any random.
public struct ReconnectBackoff: Sendable {
    public var first: Double = 1
    public var maximum: Double = 60
    private(set) var failures = 0

    public init(first: Double = 1, maximum: Double = 60) {
        self.first = first
        self.maximum = maximum
    }

    /// The delay before the next attempt, in seconds; `random` gives a value in 0..<1.
    public mutating func nextDelay(random: () -> Double = { Double.random(in: 0..<1) }) -> Double {
        let base = min(maximum, first * Double(1 << min(failures, 16)))
        failures += 1
        // Full jitter in the upper half: never under half the base, never over it.
        return base / 2 + base / 2 * random()
    }

    /// After a session that signed in: the next failure starts from `first` again.
    public mutating func reset() {
        failures = 0
    }
}
