import Logging
import ServiceLifecycle

/// Purges the documents of jobs finished longer ago than the retention period; job rows stay.
struct DocumentRetention: Service {
    let jobs: JobService
    let retention: Duration
    let every: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                do {
                    let purged = try await jobs.purgeDocuments(olderThan: retention)
                    if purged > 0 { logger.info("purged documents of finished jobs", metadata: ["jobs": "\(purged)"]) }
                } catch {
                    logger.warning("could not purge documents", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: every)
            }
        }
    }
}
