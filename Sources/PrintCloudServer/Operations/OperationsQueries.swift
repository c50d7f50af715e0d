import Foundation

/// The reads behind the gauges taken at each scrape and behind `/readyz`: counts across features, on either
/// engine.
struct OperationsQueries: Sendable {
    let database: any SQLStatements

    /// Whether the database answers.
    func ping() async throws {
        _ = try await database.read(SQL("SELECT 1 AS ok")) { try $0.value("ok", as: Int.self) }
    }

    /// Deliveries waiting to be sent or retried, and the creation of the oldest.
    func outbox() async throws -> (pending: Int, oldest: Date?) {
        let counts = try await database.readRow(
            SQL("SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM deliveries WHERE status = 'pending'")
        ) { (try $0.value("pending", as: Int.self), try $0.optional("oldest", as: Date.self)) }
        return counts ?? (0, nil)
    }

    /// Jobs still queued (pending, sent or printing) whose computer is offline.
    func jobsQueuedOffline() async throws -> Int {
        try await database.readRow(
            SQL(
                """
                SELECT COUNT(*) AS queued FROM print_jobs j JOIN computers c ON c.id = j.computer_id
                WHERE j.state IN (\(JobRows.queuedStates)) AND c.state = 'offline'
                """)
        ) { try $0.value("queued", as: Int.self) } ?? 0
    }
}
