import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus

/// `GET /metrics` in Prometheus' text format, and the health checks beside it, on their own listener
/// (`--metrics-address`): never behind an API key, never on the API's port.
struct MetricsRoutes {
    let queries: OperationsQueries
    let hub: ComputerHub
    let readiness: Readiness
    let clock: WallClock
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.get("metrics") { _, _ in
            await refreshGauges()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: Metrics.registry.emitToBuffer())))
        }
        router.get("healthz") { _, _ in HealthRoutes.Health() }
        router.get("readyz") { _, _ in try await HealthRoutes.readiness(readiness) }
    }

    /// The gauges that are counts of what is stored or connected now, read at each scrape.
    private func refreshGauges() async {
        Metrics.computersConnected.set(Double(await hub.connectedCount))
        do {
            let outbox = try await queries.outbox()
            Metrics.outboxPending.set(Double(outbox.pending))
            Metrics.outboxOldestAge.set(outbox.oldest.map { max(0, clock.now().timeIntervalSince($0)) } ?? 0)
            Metrics.jobsQueuedOffline.set(Double(try await queries.jobsQueuedOffline()))
        } catch {
            // The counters still answer; the stored counts keep their last values.
            logger.warning("metrics: could not read the stored counts", metadata: ["error": "\(error)"])
        }
    }
}
