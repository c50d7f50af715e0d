import Logging
import ServiceLifecycle

/// Moves `lastSeenAt` of every computer whose socket is still open. A socket stays open only while it
/// answers the WebSocket pings (a missed pong closes it), so open means seen.
struct ComputerHeartbeat: Service {
    let hub: ComputerHub
    let computers: ComputerService
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: interval)
                do {
                    // A socket whose computer signed in again elsewhere missed the news: close it now.
                    for stale in try await computers.touch(await hub.openConnections) {
                        await hub.close(stale, reason: "signed in on another connection")
                    }
                } catch {
                    logger.warning("could not record heartbeats", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
