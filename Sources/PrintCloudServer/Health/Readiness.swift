import Foundation
import Synchronization

/// Whether this instance should be sent traffic (`GET /readyz`): its database answers, and it is not shutting
/// down. Liveness (`/healthz`) asks less: only that the process serves.
final class Readiness: Sendable {
    private let queries: OperationsQueries
    private let shutdown: ShutdownState

    init(queries: OperationsQueries, shutdown: ShutdownState) {
        self.queries = queries
        self.shutdown = shutdown
    }

    /// Nil when ready, else why not.
    func problem() async -> String? {
        if shutdown.isDraining { return "shutting down" }
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
}

private struct ReadinessTimeout: Error {}

/// Whether the instance is shutting down: set by `serve` at SIGTERM, before it lets the server stop taking
/// requests, so that a balancer polling `/readyz` has moved the traffic by then.
public final class ShutdownState: Sendable {
    private let draining = Atomic<Bool>(false)

    public init() {}

    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    public func markDraining() {
        draining.store(true, ordering: .relaxed)
    }
}
