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
                    try await computers.touch(computerIDs: await hub.connectedComputerIDs)
                } catch {
                    logger.warning("could not record heartbeats", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
