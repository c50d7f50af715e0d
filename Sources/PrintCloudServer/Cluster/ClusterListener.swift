import Logging
import ServiceLifecycle

/// Receives the other instances' messages, and offers queued jobs again after (re)subscribing, when
/// messages may have been lost (`QueueSweep` does so every interval too).
struct ClusterListener: Service {
    let cluster: Cluster
    let bus: any ClusterBus

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await bus.listen(subscribed: { await cluster.offerQueuedJobs() }, receive: cluster.receive)
        }
    }
}
