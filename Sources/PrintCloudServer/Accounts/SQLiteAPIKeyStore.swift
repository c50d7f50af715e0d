import Foundation
import GRDB
import PrintCloudProtocol

/// `APIKeyStore` on SQLite.
struct SQLiteAPIKeyStore: APIKeyStore {
    let database: SQLiteDatabase

    func insert(_ key: APIKeyRecord) async throws {
        try await database.write { db in try Self.insert(key, into: db) }
    }

    func key(hash: String) async throws -> APIKeyRecord? {
        try await database.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "\(Self.selectKey) WHERE key_hash = ?"), arguments: [hash])
                .map(Self.key(from:))
        }
    }

    func keys(accountID: String) async throws -> [APIKeyRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "\(Self.selectKey) WHERE account_id = ? ORDER BY created_at, id"),
                arguments: [accountID]
            ).map(Self.key(from:))
        }
    }

    func delete(id: String, accountID: String) async throws -> Bool {
        try await database.write { db in
            try db.cachedStatement(sql: "DELETE FROM api_keys WHERE id = ? AND account_id = ?")
                .execute(arguments: [id, accountID])
            return db.changesCount > 0
        }
    }

    static func insert(_ key: APIKeyRecord, into db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO api_keys (id, account_id, key_hash, description, permission, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            key.id, key.accountID, key.keyHash, key.description, key.permission.rawValue, key.createdAt,
        ])
    }

    private static let selectKey =
        "SELECT id, account_id, key_hash, description, permission, created_at FROM api_keys"

    private static func key(from row: Row) -> APIKeyRecord {
        APIKeyRecord(
            id: row["id"], accountID: row["account_id"], keyHash: row["key_hash"], description: row["description"],
            // Only Permission raw values are ever written; an unreadable one grants the least.
            permission: Permission(rawValue: row["permission"]) ?? .readOnly, createdAt: row["created_at"])
    }
}
