import Foundation
import PrintCloudProtocol

/// What the operator's commands (`printcloud-server jobs`, `computers`, `webhooks`) read: every account's
/// rows, which the API never shows across accounts.
public struct Administration: Sendable {
    private let database: any SQLStatements
    private let jobs: any JobStore

    public init(storage: Storage) {
        database = storage.statements
        jobs = storage.jobs
    }

    /// Queues a new job like `id`, which must have ended in `error` and still have its document: same account,
    /// printer, document, options and copies. The failed job keeps its history (states only move forward); a
    /// running server offers the new one within its queue sweep. Nil if there is no job `id`.
    public func retry(id: String, at date: Date = Date()) async throws -> JobRecord? {
        guard let failed = try await jobRow(id: id) else { return nil }
        guard failed.state == .error else {
            throw ServiceError.invalid("id", "only a job in error can be retried; \(id) is \(failed.state.rawValue)")
        }
        let parts = try await database.read(
            SQL("SELECT data FROM job_content WHERE job_id = ? ORDER BY part", id)
        ) { try $0.value("data", as: Data.self) }
        guard !parts.isEmpty || failed.contentSize == 0 else {
            throw ServiceError.invalid("id", "the document of \(id) was purged (--document-retention-days)")
        }
        var job = failed
        job.id = Identifiers.make("pj_")
        job.title = String(failed.title.unicodeScalars.prefix(240)) + " (retry)"
        job.state = .pending
        job.stateMessage = nil
        job.createdAt = date
        job.updatedAt = date
        // As long to wait as the first job had, from now.
        job.expiresAt = failed.expiresAt.map { date.addingTimeInterval($0.timeIntervalSince(failed.createdAt)) }
        return try await jobs.create(job, parts: parts, idempotencyKey: nil, event: .jobCreated(job)).job
    }

    /// The newest jobs first, of one state if given.
    public func jobs(state: JobState?, limit: Int) async throws -> [JobRecord] {
        let sql =
            if let state {
                SQL("\(JobSQL.selectJob) WHERE state = ? ORDER BY seq DESC LIMIT ?", state.rawValue, limit)
            } else {
                SQL("\(JobSQL.selectJob) ORDER BY seq DESC LIMIT ?", limit)
            }
        return try await database.read(sql, JobRows.job(from:))
    }

    /// One job of any account, with its history.
    public func job(id: String) async throws -> (job: JobRecord, history: [JobStateChange])? {
        guard let job = try await jobRow(id: id) else { return nil }
        return (job, try await jobs.history(jobID: id))
    }

    private func jobRow(id: String) async throws -> JobRecord? {
        try await database.readRow(SQL(JobSQL.jobByID, id), JobRows.job(from:))
    }

    public func computers() async throws -> [ComputerRecord] {
        try await database.read(
            SQL("\(ComputerRows.selectComputer) ORDER BY account_id, created_at, id"),
            ComputerRows.computer(from:))
    }

    /// The newest deliveries first; with `failedOnly`, those given up on and those that failed at least once.
    public func deliveries(failedOnly: Bool, limit: Int) async throws -> [DeliveryRecord] {
        let filter = failedOnly ? "WHERE status = 'failed' OR (status = 'pending' AND attempts > 0)" : ""
        return try await database.read(
            SQL("SELECT \(WebhookSQL.deliveryColumns) FROM deliveries \(filter) ORDER BY seq DESC LIMIT ?", limit),
            WebhookSQL.delivery(from:))
    }
}
