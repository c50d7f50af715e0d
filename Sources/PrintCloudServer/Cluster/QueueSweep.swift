import ServiceLifecycle

/// Offers the queued jobs of this instance's computers again every `interval`: a job queued where no
/// message reached this instance (one lost between instances, or one `printcloud-server jobs retry` wrote
/// from another process) still goes out without waiting for its computer to sign in again. The hub sends a
/// job at most once per socket, so a sweep never doubles one. Each round first ends the jobs that expired.
struct QueueSweep: Service {
    let cluster: Cluster
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: interval)) != nil {
                await cluster.sweep()
            }
        }
    }
}
