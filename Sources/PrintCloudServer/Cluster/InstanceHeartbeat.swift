import Foundation
import Logging
import ServiceLifecycle

/// Keeps this instance's row in `instances` fresh; marks offline the computers of instances that stopped
/// beating (died without closing their sockets), within `patience` plus one `interval`; and tells the rate
/// limiter how many instances share the budget.
struct InstanceHeartbeat: Service {
    let instanceID: String
    let store: any InstanceStore
    let computers: ComputerService
    let clock: WallClock
    let interval: Duration
    let onLiveInstances: @Sendable (Int) async -> Void
    let logger: Logger

    /// How long an instance may miss its heartbeats before the others call it dead.
    var patience: Duration { interval * 3 }

    /// One heartbeat. `alone`: no other instance can be running (SQLite), so every other row is stale.
    func beat(alone: Bool = false) async throws {
        let now = clock.now()
        let staleBefore = alone ? Date.distantFuture : now.addingTimeInterval(-patience.seconds)
        let live = try await store.beat(instanceID: instanceID, at: now, staleBefore: staleBefore)
        let orphans = try await computers.markOrphansOffline()
        if orphans > 0 {
            logger.notice(
                "computers of a stopped server instance marked offline", metadata: ["computers": "\(orphans)"])
        }
        await onLiveInstances(live)
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: interval)
                do {
                    try await beat()
                } catch {
                    logger.warning("could not record this instance's heartbeat", metadata: ["error": "\(error)"])
                }
            }
        }
        try? await store.remove(instanceID: instanceID)
    }
}
