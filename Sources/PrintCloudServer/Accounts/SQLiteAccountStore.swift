import Foundation
import GRDB

/// `AccountStore` on SQLite.
struct SQLiteAccountStore: AccountStore {
    let database: SQLiteDatabase

    func createAccount(id: String, createdAt: Date, owner: UserRecord, key: APIKeyRecord) async throws {
        do {
            try await database.write { db in
                try db.cachedStatement(sql: "INSERT INTO accounts (id, created_at) VALUES (?, ?)")
                    .execute(arguments: [id, createdAt])
                try db.cachedStatement(
                    sql: """
                        INSERT INTO users (id, account_id, email, first_name, last_name, password_hash, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(arguments: [
                    owner.id, owner.accountID, owner.email, owner.firstName, owner.lastName, owner.passwordHash,
                    owner.createdAt,
                ])
                try SQLiteAPIKeyStore.insert(key, into: db)
            }
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw StoreError.duplicate("email")
        }
    }

    func user(email: String) async throws -> UserRecord? {
        try await database.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "\(Self.selectUser) WHERE email = ?"), arguments: [email])
                .map(Self.user(from:))
        }
    }

    func owner(accountID: String) async throws -> UserRecord? {
        try await database.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "\(Self.selectUser) WHERE account_id = ? ORDER BY created_at, id LIMIT 1"),
                arguments: [accountID]
            ).map(Self.user(from:))
        }
    }

    func hasAccounts() async throws -> Bool {
        try await database.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM accounts)") ?? false }
    }

    private static let selectUser =
        "SELECT id, account_id, email, first_name, last_name, password_hash, created_at FROM users"

    private static func user(from row: Row) -> UserRecord {
        UserRecord(
            id: row["id"], accountID: row["account_id"], email: row["email"], firstName: row["first_name"],
            lastName: row["last_name"], passwordHash: row["password_hash"], createdAt: row["created_at"])
    }
}
