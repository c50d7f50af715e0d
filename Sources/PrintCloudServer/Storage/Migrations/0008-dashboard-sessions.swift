extension Migrations {
    static let dashboardSessions = Migration(
        number: 8,
        name: "dashboard-sessions",
        statements: [
            // The browser holds the token; only its SHA-256 is kept, as for keys. The CSRF token is not a
            // secret from its own session's pages, so it is kept as it is sent.
            """
            CREATE TABLE dashboard_sessions (
                id TEXT PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at \(.timestamp) NOT NULL,
                last_seen_at \(.timestamp) NOT NULL,
                revoked_at \(.timestamp)
            )
            """,
            "CREATE INDEX dashboard_sessions_user ON dashboard_sessions(user_id)",
        ]
    )
}
