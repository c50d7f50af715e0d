import Foundation
import Synchronization

/// When this instance last recorded each key's use, so that `last_used_at` is written at most once per
/// `interval` and key: the page says when a key was last used, to the hour, without a write per request.
final class KeyUse: Sendable {
    let interval: TimeInterval
    private let recorded = Mutex<[String: Date]>([:])

    init(interval: TimeInterval = 3600) {
        self.interval = interval
    }

    /// Whether the use of `key` at `now` should be written, given when the database (`key.lastUsedAt`) and
    /// this instance last recorded it. Claims the write: the next call within `interval` answers false.
    func claim(_ key: APIKeyRecord, at now: Date) -> Bool {
        recorded.withLock { recorded in
            let last = max(key.lastUsedAt ?? .distantPast, recorded[key.id] ?? .distantPast)
            guard now.timeIntervalSince(last) >= interval else { return false }
            recorded[key.id] = now
            return true
        }
    }
}
