extension Migrations {
    static let computersAndPrinters = Migration(
        number: 2,
        name: "computers-and-printers",
        statements: [
            """
            CREATE TABLE computers (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                os TEXT NOT NULL,
                client_version TEXT NOT NULL,
                state TEXT NOT NULL,
                connection_id TEXT,
                last_seen_at \(.timestamp) NOT NULL,
                created_at \(.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX computers_account_name ON computers(account_id, name)",
            """
            CREATE TABLE printers (
                id TEXT PRIMARY KEY,
                computer_id TEXT NOT NULL REFERENCES computers(id) ON DELETE CASCADE,
                account_id TEXT NOT NULL,
                name TEXT NOT NULL,
                is_default BOOLEAN NOT NULL,
                reported_state TEXT,
                capabilities TEXT NOT NULL,
                created_at \(.timestamp) NOT NULL,
                removed_at \(.timestamp),
                UNIQUE (computer_id, name)
            )
            """,
            "CREATE INDEX printers_account ON printers(account_id)",
        ]
    )
}
