import Foundation
import GRDB
import PrintCloudProtocol

/// `JobStore` on SQLite.
struct SQLiteJobStore: JobStore {
    let database: SQLiteDatabase

    func create(_ job: JobRecord, parts: [Data], idempotencyKey: String?, event: Event) async throws
        -> (job: JobRecord, created: Bool)
    {
        let options = try JobRows.encode(job.options)
        return try await database.write { db in
            if let idempotencyKey,
                let existing = try Row.fetchOne(
                    db.cachedStatement(sql: "\(Self.selectJob) WHERE account_id = ? AND idempotency_key = ?"),
                    arguments: [job.accountID, idempotencyKey])
            {
                return (try Self.job(from: existing), false)
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO print_jobs (id, account_id, printer_id, computer_id, printer_name, title, content_type,
                        content_size, qty, options, state, state_message, idempotency_key, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                job.id, job.accountID, job.printerID, job.computerID, job.printerName, job.title,
                job.contentType.rawValue, job.contentSize, job.qty, options, job.state.rawValue, job.stateMessage,
                idempotencyKey, job.createdAt, job.updatedAt,
            ])
            for (index, part) in parts.enumerated() {
                try db.cachedStatement(sql: "INSERT INTO job_content (job_id, part, data) VALUES (?, ?, ?)")
                    .execute(arguments: [job.id, index, part])
            }
            try Self.recordStep(of: job, at: job.createdAt, event: event, in: db)
            return (job, true)
        }
    }

    func job(id: String, accountID: String) async throws -> JobRecord? {
        try await database.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "\(Self.selectJob) WHERE id = ? AND account_id = ?"),
                arguments: [id, accountID]
            ).map(Self.job(from:))
        }
    }

    func history(jobID: String) async throws -> [JobStateChange] {
        try await database.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT state, message, at FROM job_states WHERE job_id = ? ORDER BY seq"),
                arguments: [jobID]
            ).map { try JobRows.stateChange(from: StoredRow($0)) }
        }
    }

    func list(accountID: String, filter: JobFilter) async throws -> [JobRecord] {
        try await database.read { db in
            var conditions = ["account_id = ?"]
            var arguments: StatementArguments = [accountID]
            if let printerID = filter.printerID {
                conditions.append("printer_id = ?")
                arguments += [printerID]
            }
            if let state = filter.state {
                conditions.append("state = ?")
                arguments += [state.rawValue]
            }
            if let after = filter.after {
                // An unknown cursor matches nothing rather than everything.
                conditions.append(
                    "seq \(filter.ascending ? ">" : "<") COALESCE((SELECT seq FROM print_jobs WHERE id = ? AND account_id = ?), \(filter.ascending ? "9223372036854775807" : "0"))"
                )
                arguments += [after, accountID]
            }
            let sql = """
                \(Self.selectJob) WHERE \(conditions.joined(separator: " AND "))
                ORDER BY seq \(filter.ascending ? "ASC" : "DESC") LIMIT \(filter.limit)
                """
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(Self.job(from:))
        }
    }

    func queued(computerID: String) async throws -> [JobRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "\(Self.selectJob) WHERE computer_id = ? AND state IN (\(JobRows.queuedStates)) ORDER BY seq"
                ),
                arguments: [computerID]
            ).map(Self.job(from:))
        }
    }

    func transition(
        jobID: String, computerID: String?, to state: JobState, message: String?, at date: Date,
        event: @escaping @Sendable (JobRecord) -> Event
    ) async throws -> JobTransition {
        try await database.write { db in
            if let computerID {
                // A report is a message from the computer: it was seen now.
                try db.cachedStatement(sql: "UPDATE computers SET last_seen_at = ? WHERE id = ?")
                    .execute(arguments: [date, computerID])
            }
            guard
                var job = try Row.fetchOne(
                    db.cachedStatement(sql: "\(Self.selectJob) WHERE id = ?"), arguments: [jobID]
                )
                .map(Self.job(from:)),
                computerID == nil || job.computerID == computerID
            else { return .notFound }
            guard job.state.canMove(to: state) else { return .ignored }
            job.state = state
            job.stateMessage = message
            job.updatedAt = date
            try db.cachedStatement(
                sql: "UPDATE print_jobs SET state = ?, state_message = ?, updated_at = ? WHERE id = ?"
            ).execute(arguments: [state.rawValue, message, date, jobID])
            try Self.recordStep(of: job, at: date, event: event(job), in: db)
            return .moved(job)
        }
    }

    func contentPartCount(jobID: String) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM job_content WHERE job_id = ?"), arguments: [jobID])
                ?? 0
        }
    }

    func contentPart(jobID: String, index: Int) async throws -> Data? {
        try await database.read { db in
            try Data.fetchOne(
                db.cachedStatement(sql: "SELECT data FROM job_content WHERE job_id = ? AND part = ?"),
                arguments: [jobID, index])
        }
    }

    func delete(ids: [String], accountID: String) async throws -> [JobRecord] {
        try await database.write { db in
            var deleted: [JobRecord] = []
            for id in ids {
                guard
                    let job = try Row.fetchOne(
                        db.cachedStatement(sql: "\(Self.selectJob) WHERE id = ? AND account_id = ?"),
                        arguments: [id, accountID]
                    ).map(Self.job(from:))
                else { continue }
                try db.cachedStatement(sql: "DELETE FROM print_jobs WHERE id = ?").execute(arguments: [id])
                deleted.append(job)
            }
            return deleted
        }
    }

    func purgeContent(finishedBefore date: Date) async throws -> Int {
        try await database.write { db in
            let ids = try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id FROM print_jobs WHERE state IN (\(JobRows.finishedStates)) AND updated_at < ?
                        AND content_purged_at IS NULL
                        """),
                arguments: [date])
            for id in ids {
                try db.cachedStatement(sql: "DELETE FROM job_content WHERE job_id = ?").execute(arguments: [id])
                try db.cachedStatement(sql: "UPDATE print_jobs SET content_purged_at = ? WHERE id = ?")
                    .execute(arguments: [date, id])
            }
            return ids.count
        }
    }

    private static func recordStep(of job: JobRecord, at date: Date, event: Event, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO job_states (job_id, state, message, at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [job.id, job.state.rawValue, job.stateMessage, date])
        try SQLiteEventWriter.record(event, in: db)
    }

    private static let selectJob = "SELECT \(JobRows.columns) FROM print_jobs"

    private static func job(from row: Row) throws -> JobRecord {
        try JobRows.job(from: StoredRow(row))
    }
}
