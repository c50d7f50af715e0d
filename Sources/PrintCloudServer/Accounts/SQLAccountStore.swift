import Foundation

/// `AccountStore` on either engine.
struct SQLAccountStore<Database: SQLStatements>: AccountStore {
    let database: Database

    func createAccount(id: String, createdAt: Date, owner: UserRecord, key: APIKeyRecord) async throws {
        do {
            try await database.write([
                SQL("INSERT INTO accounts (id, created_at) VALUES (?, ?)", id, createdAt),
                AccountSQL.insert(owner),
                APIKeySQL.insert(key),
            ])
        } catch  where isUniqueViolation(error) {
            throw StoreError.duplicate("email")
        }
    }

    func users(accountID: String) async throws -> [UserRecord] {
        try await database.read(
            SQL("\(AccountSQL.select) WHERE account_id = ? ORDER BY created_at, id", accountID), Self.user(from:))
    }

    func insertUser(_ user: UserRecord) async throws {
        do {
            try await database.write(AccountSQL.insert(user))
        } catch  where isUniqueViolation(error) {
            throw StoreError.duplicate("email")
        }
    }

    func rename(userID: String, firstName: String, lastName: String) async throws {
        try await database.write(
            SQL("UPDATE users SET first_name = ?, last_name = ? WHERE id = ?", firstName, lastName, userID))
    }

    func setPasswordHash(_ hash: String, userID: String) async throws {
        try await database.write(SQL("UPDATE users SET password_hash = ? WHERE id = ?", hash, userID))
    }

    func deleteUser(id: String, accountID: String) async throws -> Bool {
        try await database.deleteOwned(from: "users", id: id, accountID: accountID)
    }

    func user(email: String) async throws -> UserRecord? {
        try await database.readRow(SQL("\(AccountSQL.select) WHERE email = ?", email), Self.user(from:))
    }

    func user(id: String) async throws -> UserRecord? {
        try await database.readRow(SQL("\(AccountSQL.select) WHERE id = ?", id), Self.user(from:))
    }

    func owner(accountID: String) async throws -> UserRecord? {
        try await database.readRow(
            SQL("\(AccountSQL.select) WHERE account_id = ? ORDER BY created_at, id LIMIT 1", accountID),
            Self.user(from:))
    }

    func hasAccounts() async throws -> Bool {
        try await database.readRow("SELECT 1 AS one FROM accounts LIMIT 1") { _ in () } != nil
    }

    @Sendable private static func user(from row: StoredRow) throws -> UserRecord {
        UserRecord(
            id: try row.value("id"), accountID: try row.value("account_id"), email: try row.value("email"),
            firstName: try row.value("first_name"), lastName: try row.value("last_name"),
            passwordHash: try row.value("password_hash"), createdAt: try row.value("created_at"))
    }
}

/// The statement texts of `SQLAccountStore`, built once (a generic type cannot hold static stored properties).
private enum AccountSQL {
    static let select =
        "SELECT id, account_id, email, first_name, last_name, password_hash, created_at FROM users"

    static func insert(_ user: UserRecord) -> SQL {
        SQL(
            """
            INSERT INTO users (id, account_id, email, first_name, last_name, password_hash, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            user.id, user.accountID, user.email, user.firstName, user.lastName, user.passwordHash, user.createdAt)
    }
}
