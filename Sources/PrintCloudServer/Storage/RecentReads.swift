import Synchronization

/// Records read from the database, remembered for `lifetime` so that the requests that need them on every
/// call (a key to authenticate, the printer a job goes to) need not read them again each time. Only what was
/// found is remembered: a record just made is seen at once. `forget` drops what changed here at once; what
/// changed elsewhere (another instance, another process) is seen once `lifetime` has passed.
final class RecentReads<Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Bumped by every `forget`: a read of the database that began before it must not be remembered.
        var generation = 0
    }

    private let state = Mutex(State())
    /// How long a record is trusted without reading it again; zero reads it every time.
    let lifetime: Duration
    /// Past this many records the cache starts again empty: it holds the records in use, not every record.
    let capacity: Int

    init(lifetime: Duration, capacity: Int = 100_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The record under `key`, from memory if it was read less than `lifetime` ago, else from `load`.
    func value(for key: String, load: () async throws -> Value?) async throws -> Value? {
        let now = ContinuousClock.now
        let (cached, generation) = state.withLock { state in
            (state.entries[key].flatMap { $0.expires > now ? $0.value : nil }, state.generation)
        }
        if let cached { return cached }
        guard let value = try await load() else { return nil }
        guard lifetime > .zero else { return value }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(value: value, expires: now + lifetime)
        }
        return value
    }

    /// Drops the records that changed.
    func forget(where changed: (Value) -> Bool) {
        state.withLock { state in
            state.generation += 1
            state.entries = state.entries.filter { !changed($0.value.value) }
        }
    }
}
