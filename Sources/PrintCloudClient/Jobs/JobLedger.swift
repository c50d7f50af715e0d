import Foundation
import GRDB
import PrintCloudProtocol

/// What this computer has done with each job, kept on disk so a job offered again after a crash or a
/// reconnect is never printed twice: its print-system job ids, and its outcome once known.
public actor JobLedger {
    public struct Entry: Sendable, Equatable {
        public var jobID: String
        /// Print-system jobs that have their whole document: copies handed over.
        public var printSystemJobIDs: [Int]
        /// The print-system job of the copy being handed over, created but not known to have its whole
        /// document yet; a run that finds one here died while handing it over.
        public var pendingPrintSystemJobID: Int?
        /// `completed` or `error` once known.
        public var outcome: JobState?
        public var message: String?
    }

    private let queue: DatabaseQueue

    /// Opens (creating) the ledger file at `path`; durable writes (`synchronous=FULL`).
    public init(path: String) throws {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        // `status` and `test-page` may open it while the service runs.
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-ledger") { db in
            try db.execute(
                sql: """
                    CREATE TABLE jobs (
                        job_id TEXT PRIMARY KEY,
                        print_system_job_ids TEXT NOT NULL,
                        outcome TEXT,
                        message TEXT,
                        updated_at DATETIME NOT NULL
                    )
                    """)
        }
        migrator.registerMigration("2-pending-print-system-job") { db in
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN pending_print_system_job_id INTEGER")
        }
        try migrator.migrate(queue)
    }

    public func entry(_ jobID: String) throws -> Entry? {
        try queue.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT job_id, print_system_job_ids, pending_print_system_job_id, outcome, message
                    FROM jobs WHERE job_id = ?
                    """,
                arguments: [jobID]
            ).map(Self.entry(from:))
        }
    }

    private static func entry(from row: Row) -> Entry {
        Entry(
            jobID: row["job_id"],
            printSystemJobIDs: (row["print_system_job_ids"] as String).split(separator: ",").compactMap { Int($0) },
            pendingPrintSystemJobID: row["pending_print_system_job_id"],
            outcome: (row["outcome"] as String?).flatMap(JobState.init), message: row["message"])
    }

    /// Records, before anything goes to the printer, that this job is being handed over.
    public func begin(_ jobID: String) throws {
        try queue.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO jobs (job_id, print_system_job_ids, updated_at) VALUES (?, '', ?)",
                arguments: [jobID, Date()])
        }
    }

    /// Records, in one write, the print-system jobs that have their document and the one still waiting
    /// for it, if any.
    public func record(_ jobID: String, printSystemJobIDs: [Int], pending: Int? = nil) throws {
        try queue.write { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET print_system_job_ids = ?, pending_print_system_job_id = ?, updated_at = ?
                    WHERE job_id = ?
                    """,
                arguments: [printSystemJobIDs.map(String.init).joined(separator: ","), pending, Date(), jobID])
        }
    }

    /// The jobs last touched, newest first, with when (for `printcloud-client status`).
    public func recent(limit: Int) throws -> [(entry: Entry, updatedAt: Date)] {
        try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT job_id, print_system_job_ids, pending_print_system_job_id, outcome, message, updated_at
                    FROM jobs ORDER BY updated_at DESC, rowid DESC LIMIT ?
                    """,
                arguments: [limit]
            ).map { row in (Self.entry(from: row), row["updated_at"]) }
        }
    }

    public func finish(_ jobID: String, outcome: JobState, message: String?) throws {
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO jobs (job_id, print_system_job_ids, outcome, message, updated_at) VALUES (?, '', ?, ?, ?)
                    ON CONFLICT (job_id) DO UPDATE SET outcome = excluded.outcome, message = excluded.message,
                        updated_at = excluded.updated_at
                    """,
                arguments: [jobID, outcome.rawValue, message, Date()])
        }
    }
}
