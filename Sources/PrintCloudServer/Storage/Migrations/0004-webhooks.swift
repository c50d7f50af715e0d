extension Migrations {
    static let webhooks = Migration(
        number: 4,
        name: "webhooks",
        statements: [
            // The secret is kept as given: it is sent in a header and used for the signature.
            """
            CREATE TABLE webhooks (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                url TEXT NOT NULL,
                secret TEXT NOT NULL,
                events TEXT NOT NULL,
                active BOOLEAN NOT NULL,
                created_at \(.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX webhooks_account ON webhooks(account_id, created_at)",
            """
            CREATE TABLE deliveries (
                seq \(.autoIncrementPrimaryKey),
                id TEXT NOT NULL UNIQUE,
                webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                event_type TEXT NOT NULL,
                order_key TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at \(.timestamp) NOT NULL,
                last_status_code INTEGER,
                last_error TEXT,
                created_at \(.timestamp) NOT NULL,
                updated_at \(.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at)",
            "CREATE INDEX deliveries_order ON deliveries(webhook_id, order_key, status, seq)",
        ]
    )
}
