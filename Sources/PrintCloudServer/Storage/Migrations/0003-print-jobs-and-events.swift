extension Migrations {
    static let printJobsAndEvents = Migration(
        number: 3,
        name: "print-jobs-and-events",
        statements: [
            // Jobs keep no foreign key to printers or computers: history outlives a deleted computer.
            """
            CREATE TABLE print_jobs (
                seq \(.autoIncrementPrimaryKey),
                id TEXT NOT NULL UNIQUE,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                printer_id TEXT NOT NULL,
                computer_id TEXT NOT NULL,
                printer_name TEXT NOT NULL,
                title TEXT NOT NULL,
                content_type TEXT NOT NULL,
                content_size \(.bigint) NOT NULL,
                qty INTEGER NOT NULL,
                options TEXT NOT NULL,
                state TEXT NOT NULL,
                state_message TEXT,
                idempotency_key TEXT,
                created_at \(.timestamp) NOT NULL,
                updated_at \(.timestamp) NOT NULL,
                content_purged_at \(.timestamp)
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
                data \(.blob) NOT NULL,
                PRIMARY KEY (job_id, part)
            )
            """,
            """
            CREATE TABLE job_states (
                seq \(.autoIncrementPrimaryKey),
                job_id TEXT NOT NULL REFERENCES print_jobs(id) ON DELETE CASCADE,
                state TEXT NOT NULL,
                message TEXT,
                at \(.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX job_states_job ON job_states(job_id, seq)",
            """
            CREATE TABLE events (
                seq \(.autoIncrementPrimaryKey),
                account_id TEXT NOT NULL,
                type TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at \(.timestamp) NOT NULL
            )
            """,
        ]
    )
}
