import Foundation
import PostgresNIO
import PrintCloudProtocol

/// `JobStore` on PostgreSQL.
struct PostgresJobStore: JobStore {
    let database: PostgresDatabase

    private var client: PostgresClient { database.client }
    private var logger: Logger { database.logger }

    func create(_ job: JobRecord, parts: [Data], idempotencyKey: String?, event: Event) async throws
        -> (job: JobRecord, created: Bool)
    {
        let options = try JobRows.encode(job.options)
        do {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO print_jobs (id, account_id, printer_id, computer_id, printer_name, title, content_type,
                        content_size, qty, options, state, state_message, idempotency_key, created_at, updated_at)
                    VALUES (\(job.id), \(job.accountID), \(job.printerID), \(job.computerID), \(job.printerName),
                        \(job.title), \(job.contentType.rawValue), \(job.contentSize), \(job.qty), \(options),
                        \(job.state.rawValue), \(job.stateMessage), \(idempotencyKey), \(job.createdAt), \(job.updatedAt))
                    """,
                    logger: logger)
                for (index, part) in parts.enumerated() {
                    try await connection.query(
                        "INSERT INTO job_content (job_id, part, data) VALUES (\(job.id), \(index), \(ByteBuffer(bytes: part)))",
                        logger: logger)
                }
                try await Self.recordStep(of: job, at: job.createdAt, event: event, on: connection, logger: logger)
            }
            return (job, true)
        } catch  where isUniqueViolation(error) && idempotencyKey != nil {
            let existing = try await Self.jobs(
                try await client.query(
                    """
                    SELECT \(unescaped: Self.jobColumns) FROM print_jobs
                    WHERE account_id = \(job.accountID) AND idempotency_key = \(idempotencyKey)
                    """,
                    logger: logger))
            guard let first = existing.first else { throw error }
            return (first, false)
        }
    }

    func job(id: String, accountID: String) async throws -> JobRecord? {
        try await Self.jobs(
            try await client.query(
                "SELECT \(unescaped: Self.jobColumns) FROM print_jobs WHERE id = \(id) AND account_id = \(accountID)",
                logger: logger)
        ).first
    }

    func history(jobID: String) async throws -> [JobStateChange] {
        try await client.query(
            "SELECT state, message, at FROM job_states WHERE job_id = \(jobID) ORDER BY seq", logger: logger
        ).stored(JobRows.stateChange(from:))
    }

    func list(accountID: String, filter: JobFilter) async throws -> [JobRecord] {
        return try await Self.jobs(
            try await client.query(Self.listQuery(accountID: accountID, filter: filter), logger: logger))
    }

    func queued(computerID: String) async throws -> [JobRecord] {
        try await Self.jobs(
            try await client.query(
                """
                SELECT \(unescaped: Self.jobColumns) FROM print_jobs
                WHERE computer_id = \(computerID) AND state IN (\(unescaped: JobRows.queuedStates)) ORDER BY seq
                """,
                logger: logger))
    }

    func transition(
        jobID: String, computerID: String?, to state: JobState, message: String?, at date: Date,
        event: @escaping @Sendable (JobRecord) -> Event
    ) async throws -> JobTransition {
        try await client.withTransaction(logger: logger) { connection in
            if let computerID {
                // A report is a message from the computer: it was seen now.
                try await connection.query(
                    "UPDATE computers SET last_seen_at = \(date) WHERE id = \(computerID)", logger: logger)
            }
            guard
                var job = try await Self.jobs(
                    try await connection.query(
                        "SELECT \(unescaped: Self.jobColumns) FROM print_jobs WHERE id = \(jobID) FOR UPDATE",
                        logger: logger)
                ).first,
                computerID == nil || job.computerID == computerID
            else { return .notFound }
            guard job.state.canMove(to: state) else { return .ignored }
            job.state = state
            job.stateMessage = message
            job.updatedAt = date
            try await connection.query(
                """
                UPDATE print_jobs SET state = \(state.rawValue), state_message = \(message), updated_at = \(date)
                WHERE id = \(jobID)
                """,
                logger: logger)
            try await Self.recordStep(of: job, at: date, event: event(job), on: connection, logger: logger)
            return .moved(job)
        }
    }

    func contentPartCount(jobID: String) async throws -> Int {
        let rows = try await client.query("SELECT COUNT(*) FROM job_content WHERE job_id = \(jobID)", logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    func contentPart(jobID: String, index: Int) async throws -> Data? {
        let rows = try await client.query(
            "SELECT data FROM job_content WHERE job_id = \(jobID) AND part = \(index)", logger: logger)
        for try await buffer in rows.decode(ByteBuffer.self) { return Data(buffer.readableBytesView) }
        return nil
    }

    func delete(ids: [String], accountID: String) async throws -> [JobRecord] {
        try await Self.jobs(
            try await client.query(
                """
                DELETE FROM print_jobs WHERE id = ANY(\(ids)) AND account_id = \(accountID)
                RETURNING \(unescaped: Self.jobColumns)
                """,
                logger: logger))
    }

    func purgeContent(finishedBefore date: Date) async throws -> Int {
        try await client.withTransaction(logger: logger) { connection in
            // One instance purges at a time; the others skip this round.
            for try await locked in try await connection.query(
                "SELECT pg_try_advisory_xact_lock(7420002)", logger: logger
            ).decode(Bool.self) where !locked {
                return 0
            }
            var ids: [String] = []
            for try await id in try await connection.query(
                """
                UPDATE print_jobs SET content_purged_at = \(date)
                WHERE state IN (\(unescaped: JobRows.finishedStates)) AND updated_at < \(date) AND content_purged_at IS NULL
                RETURNING id
                """,
                logger: logger
            ).decode(String.self) {
                ids.append(id)
            }
            if !ids.isEmpty {
                try await connection.query("DELETE FROM job_content WHERE job_id = ANY(\(ids))", logger: logger)
            }
            return ids.count
        }
    }

    static func listQuery(accountID: String, filter: JobFilter) -> PostgresQuery {
        var bindings = PostgresBindings()
        bindings.append(accountID)
        var sql = "SELECT \(jobColumns) FROM print_jobs WHERE account_id = $1"
        if let printerID = filter.printerID {
            bindings.append(printerID)
            sql += " AND printer_id = $\(bindings.count)"
        }
        if let state = filter.state {
            bindings.append(state.rawValue)
            sql += " AND state = $\(bindings.count)"
        }
        if let after = filter.after {
            bindings.append(after)
            // An unknown cursor matches nothing rather than everything.
            sql +=
                " AND seq \(filter.ascending ? ">" : "<") COALESCE((SELECT seq FROM print_jobs WHERE id = $\(bindings.count) AND account_id = $1), \(filter.ascending ? "9223372036854775807" : "0"))"
        }
        sql += " ORDER BY seq \(filter.ascending ? "ASC" : "DESC") LIMIT \(filter.limit)"
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    private static func recordStep(
        of job: JobRecord, at date: Date, event: Event, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO job_states (job_id, state, message, at)
            VALUES (\(job.id), \(job.state.rawValue), \(job.stateMessage), \(date))
            """,
            logger: logger)
        try await PostgresEventWriter.record(event, on: connection, logger: logger)
    }

    private static let jobColumns = JobRows.columns

    private static func jobs(_ rows: PostgresRowSequence) async throws -> [JobRecord] {
        try await rows.stored(JobRows.job(from:))
    }
}
