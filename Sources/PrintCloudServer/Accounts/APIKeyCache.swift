import Synchronization

/// Verified API keys by the hash of the key, so that a request need not read its key from the database.
/// A revoked key is refused at once on the instance that revoked it (`forget`), on the others as soon as the
/// cluster bus tells them, and everywhere once `lifetime` has passed, should that message be lost or another
/// process have deleted the key's row. Unknown keys are not remembered: a key just made works
/// at once on every instance.
final class APIKeyCache: Sendable {
    private struct Entry {
        var record: APIKeyRecord
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Bumped by every `forget`: a read of the database that began before it must not be remembered.
        var generation = 0
    }

    private let state = Mutex(State())
    /// How long a key is trusted without reading it again; zero reads it on every request.
    let lifetime: Duration
    /// Past this many keys the cache starts again empty: it holds the keys in use, not every key.
    let capacity: Int

    init(lifetime: Duration, capacity: Int = 100_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The key with this hash, from memory if it was read less than `lifetime` ago, else from `load`.
    func key(hash: String, load: () async throws -> APIKeyRecord?) async throws -> APIKeyRecord? {
        let now = ContinuousClock.now
        let (cached, generation) = state.withLock { state in
            (state.entries[hash].flatMap { $0.expires > now ? $0.record : nil }, state.generation)
        }
        if let cached { return cached }
        guard let record = try await load() else { return nil }
        guard lifetime > .zero else { return record }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[hash] = Entry(record: record, expires: now + lifetime)
        }
        return record
    }

    /// Drops the key: it was revoked.
    func forget(keyID: String) {
        state.withLock { state in
            state.generation += 1
            state.entries = state.entries.filter { $0.value.record.id != keyID }
        }
    }
}
