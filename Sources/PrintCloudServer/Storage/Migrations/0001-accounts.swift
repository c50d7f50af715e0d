extension Migrations {
    static let accounts = Migration(
        number: 1,
        name: "accounts",
        statements: [
            """
            CREATE TABLE accounts (
                id TEXT PRIMARY KEY,
                created_at \(.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                email TEXT NOT NULL UNIQUE,
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at \(.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX users_account ON users(account_id, created_at)",
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                key_hash TEXT NOT NULL UNIQUE,
                description TEXT NOT NULL,
                permission TEXT NOT NULL,
                created_at \(.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX api_keys_account ON api_keys(account_id, created_at)",
        ]
    )
}
