import Foundation
import PrintCloudProtocol

/// `JobStore` on either engine.
struct SQLJobStore<Database: SQLStatements>: JobStore {
    let database: Database

    func create(_ job: JobRecord, parts: [Data], idempotencyKey: String?, event: Event) async throws
        -> (job: JobRecord, created: Bool)
    {
        let insert = SQL(
            """
            INSERT INTO print_jobs (id, account_id, printer_id, computer_id, printer_name, title, content_type,
                content_size, qty, options, state, state_message, idempotency_key, created_at, updated_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            job.id, job.accountID, job.printerID, job.computerID, job.printerName, job.title,
            job.contentType.rawValue, job.contentSize, job.qty, try JobRows.encode(job.options), job.state.rawValue,
            job.stateMessage, idempotencyKey, job.createdAt, job.updatedAt, job.expiresAt)
        let content = parts.enumerated().map { index, part in
            SQL("INSERT INTO job_content (job_id, part, data) VALUES (?, ?, ?)", job.id, index, part)
        }
        do {
            try await database.writeTogether([insert] + content + Self.step(of: job, at: job.createdAt, event: event))
            return (job, true)
        } catch  where isUniqueViolation(error) && idempotencyKey != nil {
            // The key was used before (or by a request racing this one): that job is the answer.
            guard
                let existing = try await database.readRow(
                    SQL(
                        "\(JobSQL.selectJob) WHERE account_id = ? AND idempotency_key = ?", job.accountID,
                        idempotencyKey),
                    JobRows.job(from:))
            else { throw error }
            return (existing, false)
        }
    }

    func job(id: String, accountID: String) async throws -> JobRecord? {
        try await database.readRow(
            SQL("\(JobSQL.selectJob) WHERE id = ? AND account_id = ?", id, accountID), JobRows.job(from:))
    }

    func history(jobID: String) async throws -> [JobStateChange] {
        try await database.read(
            SQL("SELECT state, message, at FROM job_states WHERE job_id = ? ORDER BY seq", jobID),
            JobRows.stateChange(from:))
    }

    func list(accountID: String, filter: JobFilter) async throws -> [JobRecord] {
        var conditions = ["account_id = ?"]
        var arguments: [SQLValue] = [.text(accountID)]
        if let printerID = filter.printerID {
            conditions.append("printer_id = ?")
            arguments.append(.text(printerID))
        }
        if let state = filter.state {
            conditions.append("state = ?")
            arguments.append(.text(state.rawValue))
        }
        if let from = filter.createdFrom {
            conditions.append("created_at >= ?")
            arguments.append(.date(from))
        }
        if let before = filter.createdBefore {
            conditions.append("created_at < ?")
            arguments.append(.date(before))
        }
        if let after = filter.after {
            // An unknown cursor matches nothing rather than everything.
            let (comparison, unknown) = filter.ascending ? (">", "9223372036854775807") : ("<", "0")
            conditions.append(
                "seq \(comparison) COALESCE((SELECT seq FROM print_jobs WHERE id = ? AND account_id = ?), \(unknown))")
            arguments += [.text(after), .text(accountID)]
        }
        let sql = """
            \(JobSQL.selectJob) WHERE \(conditions.joined(separator: " AND "))
            ORDER BY seq \(filter.ascending ? "ASC" : "DESC") LIMIT \(filter.limit)
            """
        return try await database.read(SQL(sql, arguments), JobRows.job(from:))
    }

    func counts(accountID: String, since date: Date) async throws -> [JobState: Int] {
        let rows = try await database.read(
            SQL(
                """
                SELECT state, COUNT(*) AS jobs FROM print_jobs WHERE account_id = ? AND created_at >= ?
                GROUP BY state
                """, accountID, date)
        ) { row in (try row.value("state", as: JobState.self), try row.value("jobs", as: Int.self)) }
        return Dictionary(rows, uniquingKeysWith: +)
    }

    func queuedPrinters(computerID: String) async throws -> [String] {
        try await database.read(
            SQL(
                "SELECT DISTINCT printer_id FROM print_jobs WHERE computer_id = ? AND state IN (\(JobRows.queuedStates))",
                computerID)
        ) { try $0.value("printer_id", as: String.self) }
    }

    func unfinished(printerID: String, limit: Int) async throws -> [JobRecord] {
        try await database.read(SQL(JobSQL.lane, printerID, limit), JobRows.job(from:))
    }

    func expire(dueBy date: Date, limit: Int, event: @escaping @Sendable (JobRecord) -> Event) async throws
        -> [JobRecord]
    {
        // SKIP LOCKED: instances sweeping at once take disjoint jobs; a job a report has locked is left for the
        // next sweep. Only `pending` jobs expire: a job sent to its computer is the client's to refuse.
        let due = "\(JobSQL.selectJob) WHERE state = 'pending' AND expires_at <= ? ORDER BY expires_at, seq LIMIT ?"
        return try await database.run(
            .read(SQL(sqlite: due, postgres: due + " FOR UPDATE SKIP LOCKED", date, limit), JobRows.job(from:)) {
                found in
                var expired = found
                var writes: [SQL] = []
                for index in expired.indices {
                    writes += Self.move(
                        &expired[index], to: .error, message: JobRecord.expiredMessage, at: date, event: event)
                }
                return .writeTogether(writes, then: .done(expired))
            })
    }

    func transition(
        jobID: String, computerID: String?, to state: JobState, message: String?, at date: Date,
        event: @escaping @Sendable (JobRecord) -> Event
    ) async throws -> JobTransition {
        // A report is a message from the computer: it was seen now, whatever the report says. Its row is locked
        // before the job's, as every report of the computer does, so reports queue on one lock, not two.
        let seen = computerID.map { [SQL("UPDATE computers SET last_seen_at = ? WHERE id = ?", date, $0)] } ?? []
        return try await database.run(
            .write(
                seen,
                then: .read(SQL(sqlite: JobSQL.jobByID, postgres: JobSQL.jobByIDForUpdate, jobID), JobRows.job(from:)) {
                    found in
                    guard var job = found.first, computerID == nil || job.computerID == computerID else {
                        return .done(.notFound)
                    }
                    guard job.state.canMove(to: state) else { return .done(.ignored) }
                    let writes = Self.move(&job, to: state, message: message, at: date, event: event)
                    return .writeTogether(writes, then: .done(.moved(job)))
                }))
    }

    func contentPartCount(jobID: String) async throws -> Int {
        try await database.readRow(SQL("SELECT COUNT(*) AS parts FROM job_content WHERE job_id = ?", jobID)) {
            try $0.value("parts", as: Int.self)
        } ?? 0
    }

    func content(jobID: String) async throws -> [Data] {
        try await database.read(SQL("SELECT data FROM job_content WHERE job_id = ? ORDER BY part", jobID)) {
            try $0.value("data", as: Data.self)
        }
    }

    func contentPart(jobID: String, index: Int) async throws -> Data? {
        try await database.readRow(SQL("SELECT data FROM job_content WHERE job_id = ? AND part = ?", jobID, index)) {
            try $0.value("data", as: Data.self)
        }
    }

    func delete(ids: [String], accountID: String) async throws -> [JobRecord] {
        guard !ids.isEmpty else { return [] }
        return try await database.write(
            SQL(
                """
                DELETE FROM print_jobs WHERE id IN (\(SQL.placeholders(ids.count))) AND account_id = ?
                RETURNING \(JobRows.columns)
                """, ids.map(\.sqlValue) + [.text(accountID)]),
            JobRows.job(from:))
    }

    func purgeContent(finishedBefore date: Date) async throws -> Int {
        let purgeable = """
            state IN (\(JobRows.finishedStates)) AND updated_at < ? AND content_purged_at IS NULL
            """
        // On PostgreSQL one instance purges at a time; the others skip this round.
        let lock = SQL(sqlite: "SELECT 1 AS locked", postgres: "SELECT pg_try_advisory_xact_lock(7420002) AS locked")
        return try await database.run(
            .read(lock, { try $0.value("locked", as: Bool.self) }) { locked in
                guard locked.first == true else { return .done(0) }
                return .write(
                    [
                        SQL(
                            "DELETE FROM job_content WHERE job_id IN (SELECT id FROM print_jobs WHERE \(purgeable))",
                            date)
                    ],
                    then: .read(
                        SQL("UPDATE print_jobs SET content_purged_at = ? WHERE \(purgeable) RETURNING id", date, date),
                        { try $0.value("id", as: String.self) }
                    ) { purged in .done(purged.count) })
            })
    }

    /// Moves `job` to `state`: its row, its step in the history and `event` of the job as it is now.
    private static func move(
        _ job: inout JobRecord, to state: JobState, message: String?, at date: Date, event: (JobRecord) -> Event
    ) -> [SQL] {
        job.state = state
        job.stateMessage = message
        job.updatedAt = date
        let update = SQL(
            "UPDATE print_jobs SET state = ?, state_message = ?, updated_at = ? WHERE id = ?", state.rawValue, message,
            date, job.id)
        return [update] + step(of: job, at: date, event: event(job))
    }

    /// The job's step in its history, and its event.
    private static func step(of job: JobRecord, at date: Date, event: Event) -> [SQL] {
        [
            SQL(
                "INSERT INTO job_states (job_id, state, message, at) VALUES (?, ?, ?, ?)", job.id, job.state.rawValue,
                job.stateMessage, date)
        ] + EventSQL.record(event)
    }
}

/// The statement texts of `SQLJobStore`, built once (a generic type cannot hold static stored properties);
/// the admin commands read jobs with them too.
enum JobSQL {
    static let selectJob = "SELECT \(JobRows.columns) FROM print_jobs"
    static let jobByID = "\(selectJob) WHERE id = ?"
    static let jobByIDForUpdate = "\(jobByID) FOR UPDATE"
    /// A printer's oldest unfinished jobs.
    static let lane = "\(selectJob) WHERE printer_id = ? AND state IN (\(JobRows.queuedStates)) ORDER BY seq LIMIT ?"
}
