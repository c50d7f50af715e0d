import Foundation
import Synchronization

/// Hands each new job to the dispatcher after the answer to its `POST`, and for one computer in the order the
/// jobs were accepted: a caller who waits for each `201` gets the jobs printed in that order, while a slow
/// socket holds up only its own computer's jobs. A job is announced before its `201` is written, so the next
/// request cannot overtake it.
final class JobAnnouncements: Sendable {
    /// The jobs waiting to be handed over, by computer; a computer is listed while one task hands them over.
    private let waiting = Mutex<[String: [(job: JobRecord, document: Data)]]>([:])

    /// Queues the job for `deliver`, which the computer's task calls for each of its jobs in turn.
    func announce(
        _ job: JobRecord, document: Data, deliver: @escaping @Sendable (JobRecord, Data) async -> Void
    ) {
        let startsTask = waiting.withLock { waiting in
            defer { waiting[job.computerID, default: []].append((job, document)) }
            return waiting[job.computerID] == nil
        }
        guard startsTask else { return }
        Task {
            while let (job, document) = next(for: job.computerID) {
                await deliver(job, document)
            }
        }
    }

    /// The computer's next job, or nil (and the computer's task ends) when there is none.
    private func next(for computerID: String) -> (JobRecord, Data)? {
        waiting.withLock { waiting in
            guard let first = waiting[computerID]?.first else {
                waiting[computerID] = nil
                return nil
            }
            waiting[computerID]?.removeFirst()
            return first
        }
    }
}
