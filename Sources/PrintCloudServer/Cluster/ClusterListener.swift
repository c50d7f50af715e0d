import Logging
import ServiceLifecycle

/// Receives the other instances' messages, and offers queued jobs again whenever messages may have been
/// lost: after (re)subscribing and every `sweepInterval`.
struct ClusterListener: Service {
    let cluster: Cluster
    let bus: any ClusterBus
    let sweepInterval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await bus.listen(subscribed: { await cluster.offerQueuedJobs() }, receive: cluster.receive)
                }
                group.addTask {
                    while (try? await Task.sleep(for: sweepInterval)) != nil {
                        await cluster.offerQueuedJobs()
                    }
                }
            }
        }
    }
}
