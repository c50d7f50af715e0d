import Logging
import ServiceLifecycle

/// Runs a cleanup now and then, until the server stops: purging documents of jobs finished past the retention
/// period, deleting ended dashboard sessions. A failed round is logged and tried again at the next.
struct PeriodicCleanup: Service {
    /// What the cleanup removes, for the log: "documents of finished jobs".
    let removes: String
    let every: Duration
    let logger: Logger
    /// One round; how many things it removed.
    let round: @Sendable () async throws -> Int

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                do {
                    let removed = try await round()
                    if removed > 0 { logger.info("removed \(removes)", metadata: ["count": "\(removed)"]) }
                } catch {
                    logger.warning("could not remove \(removes)", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: every)
            }
        }
    }
}
