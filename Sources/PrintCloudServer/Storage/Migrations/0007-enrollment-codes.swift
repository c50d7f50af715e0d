extension Migrations {
    static let enrollmentCodes = Migration(
        number: 7,
        name: "enrollment-codes",
        statements: [
            // Only the code's SHA-256 is kept, as for API keys. key_id: the key it was exchanged for.
            """
            CREATE TABLE enrollment_codes (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                code_hash TEXT NOT NULL UNIQUE,
                description TEXT NOT NULL,
                created_at \(.timestamp) NOT NULL,
                expires_at \(.timestamp) NOT NULL,
                used_at \(.timestamp),
                key_id TEXT
            )
            """,
            "CREATE INDEX enrollment_codes_account ON enrollment_codes(account_id, created_at)",
        ]
    )
}
