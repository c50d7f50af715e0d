import Foundation
import PrintCloudProtocol

/// Print jobs, their documents and their history.
public protocol JobStore: Sendable {
    /// Writes the job, its document (split into `parts`), its first history step and `event` in one write.
    /// With an idempotency key already used by the account, writes nothing and returns that job instead.
    func create(_ job: JobRecord, parts: [Data], idempotencyKey: String?, event: Event) async throws
        -> (job: JobRecord, created: Bool)
    func job(id: String, accountID: String) async throws -> JobRecord?
    func history(jobID: String) async throws -> [JobStateChange]
    func list(accountID: String, filter: JobFilter) async throws -> [JobRecord]
    /// How many of the account's jobs created since `date` are in each state (states without jobs are absent).
    func counts(accountID: String, since date: Date) async throws -> [JobState: Int]
    /// The printers the computer has jobs still `pending`, `sent` or `printing` for.
    func queuedPrinters(computerID: String) async throws -> [String]
    /// The printer's oldest jobs still `pending`, `sent` or `printing`, at most `limit`, oldest first.
    func unfinished(printerID: String, limit: Int) async throws -> [JobRecord]
    /// Moves `pending` jobs whose expiry is at or before `date` to `error` "expired" (at most `limit`),
    /// recording each step and `event(job)`; the jobs as they are now.
    func expire(dueBy date: Date, limit: Int, event: @escaping @Sendable (JobRecord) -> Event) async throws
        -> [JobRecord]
    /// Moves the job to `state` if that is forward, recording the step and `event(job)`; with `computerID`,
    /// only a job of that computer.
    func transition(
        jobID: String, computerID: String?, to state: JobState, message: String?, at: Date,
        event: @escaping @Sendable (JobRecord) -> Event
    ) async throws -> JobTransition
    /// How many parts the document has (0 once purged).
    func contentPartCount(jobID: String) async throws -> Int
    func contentPart(jobID: String, index: Int) async throws -> Data?
    /// Every part of the document, in order, in one read (small documents).
    func content(jobID: String) async throws -> [Data]
    /// Deletes the account's jobs among `ids` with their documents; the jobs as they were.
    func delete(ids: [String], accountID: String) async throws -> [JobRecord]
    /// Removes the documents of jobs finished before `date`; how many jobs lost theirs.
    func purgeContent(finishedBefore date: Date) async throws -> Int
}
