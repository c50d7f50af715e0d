import Foundation
import Synchronization

/// The time seam: services read the time here, so tests can move it instead of sleeping.
public struct WallClock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = WallClock { Date() }
}

/// A clock that only moves when told to; for tests and benchmarks.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public var wallClock: WallClock {
        WallClock { [self] in current.withLock { $0 } }
    }
}
