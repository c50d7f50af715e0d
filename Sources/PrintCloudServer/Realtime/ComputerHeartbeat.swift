import Logging
import ServiceLifecycle

/// Every ping period: records that this instance's sockets are alive, which is the `lastSeenAt` of their
/// computers (a socket stays open only while it answers the WebSocket pings, so open means seen), and closes
/// the sockets whose computer signed in again elsewhere. One row is written however many sockets are open.
struct ComputerHeartbeat: Service {
    let hub: ComputerHub
    let computers: ComputerService
    let instances: any InstanceStore
    let instanceID: String
    let clock: WallClock
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: interval)
                do {
                    try await instances.sawSockets(instanceID: instanceID, at: clock.now())
                    // A socket whose computer signed in again elsewhere missed the news: close it now.
                    for stale in try await computers.stale(await hub.openConnections) {
                        await hub.close(stale, reason: "signed in on another connection")
                    }
                } catch {
                    logger.warning("could not record heartbeats", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
