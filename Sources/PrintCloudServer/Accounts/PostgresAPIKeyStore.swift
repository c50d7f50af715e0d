import Foundation
import PostgresNIO
import PrintCloudProtocol

/// `APIKeyStore` on PostgreSQL.
struct PostgresAPIKeyStore: APIKeyStore {
    let database: PostgresDatabase

    func insert(_ key: APIKeyRecord) async throws {
        try await database.client.query(Self.insertQuery(key), logger: database.logger)
    }

    func key(hash: String) async throws -> APIKeyRecord? {
        try await keys(
            "SELECT id, account_id, key_hash, description, permission, created_at FROM api_keys WHERE key_hash = \(hash)"
        ).first
    }

    func keys(accountID: String) async throws -> [APIKeyRecord] {
        try await keys(
            """
            SELECT id, account_id, key_hash, description, permission, created_at FROM api_keys
            WHERE account_id = \(accountID) ORDER BY created_at, id
            """
        )
    }

    func delete(id: String, accountID: String) async throws -> Bool {
        let rows = try await database.client.query(
            "DELETE FROM api_keys WHERE id = \(id) AND account_id = \(accountID) RETURNING id", logger: database.logger)
        return try await rows.collect().isEmpty == false
    }

    static func insertQuery(_ key: APIKeyRecord) -> PostgresQuery {
        """
        INSERT INTO api_keys (id, account_id, key_hash, description, permission, created_at)
        VALUES (\(key.id), \(key.accountID), \(key.keyHash), \(key.description), \(key.permission.rawValue),
                \(key.createdAt))
        """
    }

    private func keys(_ query: PostgresQuery) async throws -> [APIKeyRecord] {
        var keys: [APIKeyRecord] = []
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (id, accountID, keyHash, description, permission, createdAt) in rows.decode(
            (String, String, String, String, String, Date).self)
        {
            keys.append(
                APIKeyRecord(
                    id: id, accountID: accountID, keyHash: keyHash, description: description,
                    // Only Permission raw values are ever written; an unreadable one grants the least.
                    permission: Permission(rawValue: permission) ?? .readOnly, createdAt: createdAt))
        }
        return keys
    }
}
