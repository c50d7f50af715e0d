import Foundation
import PrintCloudProtocol

/// `APIKeyStore` on either engine.
struct SQLAPIKeyStore<Database: SQLStatements>: APIKeyStore {
    let database: Database

    func insert(_ key: APIKeyRecord) async throws {
        try await database.write(APIKeySQL.insert(key))
    }

    func key(hash: String) async throws -> APIKeyRecord? {
        try await database.readRow(SQL("\(APIKeySQL.select) WHERE key_hash = ?", hash), Self.key(from:))
    }

    func keys(accountID: String) async throws -> [APIKeyRecord] {
        try await database.read(
            SQL("\(APIKeySQL.select) WHERE account_id = ? ORDER BY created_at, id", accountID), Self.key(from:))
    }

    func markUsed(id: String, at date: Date) async throws {
        try await database.write(SQL("UPDATE api_keys SET last_used_at = ? WHERE id = ?", date, id))
    }

    func delete(id: String, accountID: String) async throws -> Bool {
        try await database.deleteOwned(from: "api_keys", id: id, accountID: accountID)
    }

    @Sendable private static func key(from row: StoredRow) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.value("id"), accountID: try row.value("account_id"), keyHash: try row.value("key_hash"),
            description: try row.value("description"), permission: try row.value("permission"),
            createdAt: try row.value("created_at"), lastUsedAt: try row.optional("last_used_at"))
    }
}

/// The statement texts of `SQLAPIKeyStore`, built once (a generic type cannot hold static stored properties).
enum APIKeySQL {
    static let select =
        "SELECT id, account_id, key_hash, description, permission, created_at, last_used_at FROM api_keys"

    static func insert(_ key: APIKeyRecord) -> SQL {
        SQL(
            """
            INSERT INTO api_keys (id, account_id, key_hash, description, permission, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            key.id, key.accountID, key.keyHash, key.description, key.permission.rawValue, key.createdAt)
    }
}
