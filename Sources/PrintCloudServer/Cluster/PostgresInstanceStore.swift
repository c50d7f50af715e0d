import Foundation
import PostgresNIO

/// `InstanceStore` on PostgreSQL.
struct PostgresInstanceStore: InstanceStore {
    let database: PostgresDatabase

    func beat(instanceID: String, at date: Date, staleBefore: Date) async throws -> Int {
        let logger = database.logger
        return try await database.client.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO instances (id, started_at, heartbeat_at) VALUES (\(instanceID), \(date), \(date))
                ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at
                """,
                logger: logger)
            try await connection.query(
                "DELETE FROM instances WHERE heartbeat_at < \(staleBefore) AND id <> \(instanceID)", logger: logger)
            for try await count in try await connection.query("SELECT count(*) FROM instances", logger: logger)
                .decode(Int.self)
            {
                return count
            }
            return 1
        }
    }

    func remove(instanceID: String) async throws {
        try await database.client.query("DELETE FROM instances WHERE id = \(instanceID)", logger: database.logger)
    }
}
