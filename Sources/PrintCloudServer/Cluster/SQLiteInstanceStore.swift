import Foundation
import GRDB

/// `InstanceStore` on SQLite.
struct SQLiteInstanceStore: InstanceStore {
    let database: SQLiteDatabase

    func beat(instanceID: String, at date: Date, staleBefore: Date) async throws -> Int {
        try await database.write { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO instances (id, started_at, heartbeat_at) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
                    """
            ).execute(arguments: [instanceID, date, date])
            try db.cachedStatement(sql: "DELETE FROM instances WHERE heartbeat_at < ? AND id <> ?")
                .execute(arguments: [staleBefore, instanceID])
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM instances") ?? 1
        }
    }

    func remove(instanceID: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM instances WHERE id = ?", arguments: [instanceID])
        }
    }
}
