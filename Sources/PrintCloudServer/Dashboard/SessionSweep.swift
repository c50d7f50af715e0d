import Logging
import ServiceLifecycle

/// Deletes ended dashboard sessions now and then, so that their table holds only sessions that still open
/// something.
struct SessionSweep: Service {
    let sessions: DashboardSessions
    let every: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                do {
                    let swept = try await sessions.sweep()
                    if swept > 0 { logger.info("deleted ended dashboard sessions", metadata: ["sessions": "\(swept)"]) }
                } catch {
                    logger.warning("could not delete ended dashboard sessions", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: every)
            }
        }
    }
}
