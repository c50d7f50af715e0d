import GRDB
import Prometheus

/// Group commit for SQLite: writes that arrive while a commit is in flight wait and go together into
/// the next transaction, one savepoint each, so one failing write fails only its own caller.
/// Each caller returns once its batch's commit is on disk (`synchronous=FULL`).
actor WriteQueue {
    /// Counters that show commits being shared.
    struct Statistics: Sendable, Equatable {
        var commits = 0
        var writes = 0
    }

    private struct Pending: Sendable {
        let run: @Sendable (Database) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let pool: DatabasePool
    private var pending: [Pending] = []
    private var isDraining = false
    private(set) var statistics = Statistics()

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `body` inside the next group commit and returns its result once committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(run: { try body($0) }, continuation: continuation))
            if !isDraining {
                isDraining = true
                Task { await drain() }
            }
        }
        // The continuation was resumed with the value `body` returned, so it is a T.
        return value as! T
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            // While this commit is in flight the actor is free, so new writes queue up for the next one.
            let start = ContinuousClock.now
            do {
                let results = try await commit(batch)
                for (item, result) in zip(batch, results) {
                    item.continuation.resume(with: result)
                }
            } catch {
                for item in batch {
                    item.continuation.resume(throwing: error)
                }
            }
            statistics.commits += 1
            statistics.writes += batch.count
            Metrics.commitDuration.record(ContinuousClock.now - start)
            Metrics.commitWrites.record(Double(batch.count))
        }
        isDraining = false
    }

    private func commit(_ batch: [Pending]) async throws -> [Result<any Sendable, any Error>] {
        try await pool.writeWithoutTransaction { db in
            var results: [Result<any Sendable, any Error>] = []
            results.reserveCapacity(batch.count)
            try db.inTransaction(.immediate) {
                for item in batch {
                    var value: (any Sendable)?
                    do {
                        try db.inSavepoint {
                            value = try item.run(db)
                            return .commit
                        }
                        results.append(.success(value!))
                    } catch {
                        results.append(.failure(error))
                    }
                }
                return .commit
            }
            return results
        }
    }
}
