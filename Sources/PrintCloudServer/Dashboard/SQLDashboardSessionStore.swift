import Foundation

/// `DashboardSessionStore` on either engine.
struct SQLDashboardSessionStore<Database: SQLStatements>: DashboardSessionStore {
    let database: Database

    func insert(_ session: DashboardSessionRecord) async throws {
        try await database.write(
            SQL(
                """
                INSERT INTO dashboard_sessions
                    (id, token_hash, account_id, user_id, csrf_token, created_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                session.id, session.tokenHash, session.accountID, session.userID, session.csrfToken,
                session.createdAt, session.lastSeenAt))
    }

    func session(tokenHash: String) async throws -> DashboardSessionRecord? {
        try await database.read(
            SQL(
                """
                SELECT id, token_hash, account_id, user_id, csrf_token, created_at, last_seen_at, revoked_at
                FROM dashboard_sessions WHERE token_hash = ?
                """, tokenHash)
        ) { row in
            DashboardSessionRecord(
                id: try row.value("id"), tokenHash: try row.value("token_hash"),
                accountID: try row.value("account_id"), userID: try row.value("user_id"),
                csrfToken: try row.value("csrf_token"), createdAt: try row.value("created_at"),
                lastSeenAt: try row.value("last_seen_at"), revokedAt: try row.optional("revoked_at"))
        }.first
    }

    func touch(id: String, at date: Date) async throws {
        try await database.write(SQL("UPDATE dashboard_sessions SET last_seen_at = ? WHERE id = ?", date, id))
    }

    func revoke(id: String, at date: Date) async throws {
        try await database.write(
            SQL("UPDATE dashboard_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", date, id))
    }

    func deleteEnded(createdBefore: Date, lastSeenBefore: Date) async throws -> Int {
        try await database.write(
            SQL(
                """
                DELETE FROM dashboard_sessions WHERE revoked_at IS NOT NULL OR created_at < ? OR last_seen_at < ?
                RETURNING id
                """, createdBefore, lastSeenBefore)
        ) { row in try row.value("id", as: String.self) }.count
    }

    func revokeOthers(userID: String, keeping id: String, at date: Date) async throws {
        try await database.write(
            SQL(
                "UPDATE dashboard_sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL",
                date, userID, id))
    }
}
