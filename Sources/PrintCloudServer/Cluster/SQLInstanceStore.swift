import Foundation

/// `InstanceStore` on either engine.
struct SQLInstanceStore<Database: SQLStatements>: InstanceStore {
    let database: Database

    func beat(instanceID: String, at date: Date, staleBefore: Date) async throws -> Int {
        try await database.run(
            .write(
                [
                    SQL(
                        """
                        INSERT INTO instances (id, started_at, heartbeat_at) VALUES (?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
                        """, instanceID, date, date),
                    SQL("DELETE FROM instances WHERE heartbeat_at < ? AND id <> ?", staleBefore, instanceID),
                ],
                then: .read(SQL("SELECT count(*) AS alive FROM instances"), { try $0.value("alive", as: Int.self) }) {
                    .done($0.first ?? 1)
                }))
    }

    func sawSockets(instanceID: String, at date: Date) async throws {
        try await database.write(SQL("UPDATE instances SET heartbeat_at = ? WHERE id = ?", date, instanceID))
    }

    func remove(instanceID: String) async throws {
        try await database.write(SQL("DELETE FROM instances WHERE id = ?", instanceID))
    }
}
