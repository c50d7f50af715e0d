/// The schema, as one numbered list applied at start-up.
enum Migrations {
    static let all: [Migration] = [
        Migration(
            number: 1,
            name: "accounts",
            sqlite: [
                """
                CREATE TABLE accounts (
                    id TEXT PRIMARY KEY,
                    created_at DATETIME NOT NULL
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
                    created_at DATETIME NOT NULL
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
                    created_at DATETIME NOT NULL
                )
                """,
                "CREATE INDEX api_keys_account ON api_keys(account_id, created_at)",
            ],
            postgres: [
                """
                CREATE TABLE accounts (
                    id TEXT PRIMARY KEY,
                    created_at TIMESTAMPTZ NOT NULL
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
                    created_at TIMESTAMPTZ NOT NULL
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
                    created_at TIMESTAMPTZ NOT NULL
                )
                """,
                "CREATE INDEX api_keys_account ON api_keys(account_id, created_at)",
            ]
        ),
        Migration(
            number: 2,
            name: "computers-and-printers",
            sqlite: [
                """
                CREATE TABLE computers (
                    id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    os TEXT NOT NULL,
                    client_version TEXT NOT NULL,
                    state TEXT NOT NULL,
                    connection_id TEXT,
                    last_seen_at DATETIME NOT NULL,
                    created_at DATETIME NOT NULL
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
                    created_at DATETIME NOT NULL,
                    removed_at DATETIME,
                    UNIQUE (computer_id, name)
                )
                """,
                "CREATE INDEX printers_account ON printers(account_id)",
            ],
            postgres: [
                """
                CREATE TABLE computers (
                    id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    os TEXT NOT NULL,
                    client_version TEXT NOT NULL,
                    state TEXT NOT NULL,
                    connection_id TEXT,
                    last_seen_at TIMESTAMPTZ NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL
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
                    created_at TIMESTAMPTZ NOT NULL,
                    removed_at TIMESTAMPTZ,
                    UNIQUE (computer_id, name)
                )
                """,
                "CREATE INDEX printers_account ON printers(account_id)",
            ]
        ),
    ]
}
