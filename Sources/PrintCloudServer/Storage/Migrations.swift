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
        Migration(
            number: 3,
            name: "print-jobs-and-events",
            sqlite: [
                // Jobs keep no foreign key to printers or computers: history outlives a deleted computer.
                """
                CREATE TABLE print_jobs (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    printer_id TEXT NOT NULL,
                    computer_id TEXT NOT NULL,
                    printer_name TEXT NOT NULL,
                    title TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    content_size INTEGER NOT NULL,
                    qty INTEGER NOT NULL,
                    options TEXT NOT NULL,
                    state TEXT NOT NULL,
                    state_message TEXT,
                    idempotency_key TEXT,
                    created_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL,
                    content_purged_at DATETIME
                )
                """,
                """
                CREATE UNIQUE INDEX print_jobs_idempotency ON print_jobs(account_id, idempotency_key)
                WHERE idempotency_key IS NOT NULL
                """,
                "CREATE INDEX print_jobs_account ON print_jobs(account_id, seq)",
                "CREATE INDEX print_jobs_queue ON print_jobs(computer_id, state, seq)",
                "CREATE INDEX print_jobs_finished ON print_jobs(state, updated_at)",
                """
                CREATE TABLE job_content (
                    job_id TEXT NOT NULL REFERENCES print_jobs(id) ON DELETE CASCADE,
                    part INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    PRIMARY KEY (job_id, part)
                )
                """,
                """
                CREATE TABLE job_states (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id TEXT NOT NULL REFERENCES print_jobs(id) ON DELETE CASCADE,
                    state TEXT NOT NULL,
                    message TEXT,
                    at DATETIME NOT NULL
                )
                """,
                "CREATE INDEX job_states_job ON job_states(job_id, seq)",
                """
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    account_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at DATETIME NOT NULL
                )
                """,
            ],
            postgres: [
                """
                CREATE TABLE print_jobs (
                    seq BIGSERIAL PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    printer_id TEXT NOT NULL,
                    computer_id TEXT NOT NULL,
                    printer_name TEXT NOT NULL,
                    title TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    content_size BIGINT NOT NULL,
                    qty INTEGER NOT NULL,
                    options TEXT NOT NULL,
                    state TEXT NOT NULL,
                    state_message TEXT,
                    idempotency_key TEXT,
                    created_at TIMESTAMPTZ NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL,
                    content_purged_at TIMESTAMPTZ
                )
                """,
                """
                CREATE UNIQUE INDEX print_jobs_idempotency ON print_jobs(account_id, idempotency_key)
                WHERE idempotency_key IS NOT NULL
                """,
                "CREATE INDEX print_jobs_account ON print_jobs(account_id, seq)",
                "CREATE INDEX print_jobs_queue ON print_jobs(computer_id, state, seq)",
                "CREATE INDEX print_jobs_finished ON print_jobs(state, updated_at)",
                """
                CREATE TABLE job_content (
                    job_id TEXT NOT NULL REFERENCES print_jobs(id) ON DELETE CASCADE,
                    part INTEGER NOT NULL,
                    data BYTEA NOT NULL,
                    PRIMARY KEY (job_id, part)
                )
                """,
                """
                CREATE TABLE job_states (
                    seq BIGSERIAL PRIMARY KEY,
                    job_id TEXT NOT NULL REFERENCES print_jobs(id) ON DELETE CASCADE,
                    state TEXT NOT NULL,
                    message TEXT,
                    at TIMESTAMPTZ NOT NULL
                )
                """,
                "CREATE INDEX job_states_job ON job_states(job_id, seq)",
                """
                CREATE TABLE events (
                    seq BIGSERIAL PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL
                )
                """,
            ]
        ),
        Migration(
            number: 4,
            name: "webhooks",
            sqlite: [
                // The secret is kept as given: it is sent in a header and used for the signature.
                """
                CREATE TABLE webhooks (
                    id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    url TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    events TEXT NOT NULL,
                    active BOOLEAN NOT NULL,
                    created_at DATETIME NOT NULL
                )
                """,
                "CREATE INDEX webhooks_account ON webhooks(account_id, created_at)",
                """
                CREATE TABLE deliveries (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                    event_type TEXT NOT NULL,
                    order_key TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at DATETIME NOT NULL,
                    last_status_code INTEGER,
                    last_error TEXT,
                    created_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL
                )
                """,
                "CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at)",
                "CREATE INDEX deliveries_order ON deliveries(webhook_id, order_key, status, seq)",
            ],
            postgres: [
                """
                CREATE TABLE webhooks (
                    id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    url TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    events TEXT NOT NULL,
                    active BOOLEAN NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL
                )
                """,
                "CREATE INDEX webhooks_account ON webhooks(account_id, created_at)",
                """
                CREATE TABLE deliveries (
                    seq BIGSERIAL PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                    event_type TEXT NOT NULL,
                    order_key TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at TIMESTAMPTZ NOT NULL,
                    last_status_code INTEGER,
                    last_error TEXT,
                    created_at TIMESTAMPTZ NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL
                )
                """,
                "CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at)",
                "CREATE INDEX deliveries_order ON deliveries(webhook_id, order_key, status, seq)",
            ]
        ),
        Migration(
            number: 5,
            name: "instances",
            sqlite: [
                """
                CREATE TABLE instances (
                    id TEXT PRIMARY KEY,
                    started_at DATETIME NOT NULL,
                    heartbeat_at DATETIME NOT NULL
                )
                """,
                "ALTER TABLE computers ADD COLUMN instance_id TEXT",
                "CREATE INDEX computers_instance ON computers(instance_id, state)",
            ],
            postgres: [
                """
                CREATE TABLE instances (
                    id TEXT PRIMARY KEY,
                    started_at TIMESTAMPTZ NOT NULL,
                    heartbeat_at TIMESTAMPTZ NOT NULL
                )
                """,
                "ALTER TABLE computers ADD COLUMN instance_id TEXT",
                "CREATE INDEX computers_instance ON computers(instance_id, state)",
            ]
        ),
    ]
}
