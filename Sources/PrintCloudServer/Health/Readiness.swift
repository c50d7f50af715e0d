import Foundation
import ServiceLifecycle
import Synchronization

/// Whether this instance should be sent traffic (`GET /readyz`): its database answers, and it is not shutting
/// down. Liveness (`/healthz`) asks less: only that the process serves.
final class Readiness: Sendable {
    private let queries: OperationsQueries
    private let draining = Atomic<Bool>(false)

    init(queries: OperationsQueries) {
        self.queries = queries
    }

    /// Nil when ready, else why not.
    func problem() async -> String? {
        if draining.load(ordering: .relaxed) { return "shutting down" }
        do {
            // A database that does not answer at all (a dropped network) must not hold the check for long.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.queries.ping() }
                group.addTask {
                    try await Task.sleep(for: .seconds(2))
                    throw ReadinessTimeout()
                }
                defer { group.cancelAll() }
                try await group.next()
            }
            return nil
        } catch {
            return "database unreachable"
        }
    }

    func markDraining() {
        draining.store(true, ordering: .relaxed)
    }
}

private struct ReadinessTimeout: Error {}

/// Marks the instance not ready as soon as a graceful shutdown begins, while requests under way finish.
struct ReadinessService: Service {
    let readiness: Readiness

    func run() async throws {
        try? await gracefulShutdown()
        readiness.markDraining()
    }
}
