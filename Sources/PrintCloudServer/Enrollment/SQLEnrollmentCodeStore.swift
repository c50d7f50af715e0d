import Foundation

/// `EnrollmentCodeStore` on either engine.
struct SQLEnrollmentCodeStore<Database: SQLStatements>: EnrollmentCodeStore {
    let database: Database

    func insert(_ code: EnrollmentCodeRecord) async throws {
        try await database.write(
            SQL(
                """
                INSERT INTO enrollment_codes (id, account_id, code_hash, description, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                code.id, code.accountID, code.codeHash, code.description, code.createdAt, code.expiresAt))
    }

    func codes(accountID: String) async throws -> [EnrollmentCodeRecord] {
        try await database.read(
            SQL("\(EnrollmentCodeSQL.select) WHERE account_id = ? ORDER BY created_at, id", accountID),
            EnrollmentCodeSQL.code(from:))
    }

    func delete(id: String, accountID: String) async throws -> Bool {
        try await database.deleteOwned(from: "enrollment_codes", id: id, accountID: accountID)
    }

    func redeem(
        hash: String, at date: Date, issue: @escaping @Sendable (_ accountID: String) -> APIKeyRecord
    ) async throws -> APIKeyRecord? {
        // FOR UPDATE: of two exchanges at once on PostgreSQL, the second waits, then finds the code used.
        let usable = "\(EnrollmentCodeSQL.select) WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?"
        return try await database.run(
            .read(SQL(sqlite: usable, postgres: usable + " FOR UPDATE", hash, date), EnrollmentCodeSQL.code(from:)) {
                found in
                guard let code = found.first else { return .done(nil) }
                let key = issue(code.accountID)
                return .writeTogether(
                    [
                        SQL("UPDATE enrollment_codes SET used_at = ?, key_id = ? WHERE id = ?", date, key.id, code.id),
                        APIKeySQL.insert(key),
                    ], then: .done(key))
            })
    }
}

/// The statement texts of `SQLEnrollmentCodeStore`.
enum EnrollmentCodeSQL {
    static let select = """
        SELECT id, account_id, code_hash, description, created_at, expires_at, used_at, key_id FROM enrollment_codes
        """

    @Sendable static func code(from row: StoredRow) throws -> EnrollmentCodeRecord {
        EnrollmentCodeRecord(
            id: try row.value("id"), accountID: try row.value("account_id"), codeHash: try row.value("code_hash"),
            description: try row.value("description"), createdAt: try row.value("created_at"),
            expiresAt: try row.value("expires_at"), usedAt: try row.optional("used_at"),
            keyID: try row.optional("key_id"))
    }
}
