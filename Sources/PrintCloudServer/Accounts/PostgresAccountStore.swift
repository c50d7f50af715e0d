import Foundation
import PostgresNIO

/// `AccountStore` on PostgreSQL.
struct PostgresAccountStore: AccountStore {
    let database: PostgresDatabase

    func createAccount(id: String, createdAt: Date, owner: UserRecord, key: APIKeyRecord) async throws {
        let logger = database.logger
        do {
            try await database.client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    "INSERT INTO accounts (id, created_at) VALUES (\(id), \(createdAt))", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO users (id, account_id, email, first_name, last_name, password_hash, created_at)
                    VALUES (\(owner.id), \(owner.accountID), \(owner.email), \(owner.firstName), \(owner.lastName),
                            \(owner.passwordHash), \(owner.createdAt))
                    """,
                    logger: logger
                )
                try await connection.query(PostgresAPIKeyStore.insertQuery(key), logger: logger)
            }
        } catch  where isUniqueViolation(error) {
            throw StoreError.duplicate("email")
        }
    }

    func user(email: String) async throws -> UserRecord? {
        try await users(
            "SELECT id, account_id, email, first_name, last_name, password_hash, created_at FROM users WHERE email = \(email)"
        ).first
    }

    func owner(accountID: String) async throws -> UserRecord? {
        try await users(
            """
            SELECT id, account_id, email, first_name, last_name, password_hash, created_at FROM users
            WHERE account_id = \(accountID) ORDER BY created_at, id LIMIT 1
            """
        ).first
    }

    func hasAccounts() async throws -> Bool {
        let rows = try await database.client.query("SELECT 1 FROM accounts LIMIT 1", logger: database.logger)
        return try await rows.collect().isEmpty == false
    }

    private func users(_ query: PostgresQuery) async throws -> [UserRecord] {
        var users: [UserRecord] = []
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (id, accountID, email, firstName, lastName, passwordHash, createdAt) in rows.decode(
            (String, String, String, String, String, String, Date).self)
        {
            users.append(
                UserRecord(
                    id: id, accountID: accountID, email: email, firstName: firstName, lastName: lastName,
                    passwordHash: passwordHash, createdAt: createdAt))
        }
        return users
    }
}
