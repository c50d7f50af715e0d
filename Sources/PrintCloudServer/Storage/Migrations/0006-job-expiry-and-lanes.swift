extension Migrations {
    static let jobExpiryAndLanes = Migration(
        number: 6,
        name: "job-expiry-and-lanes",
        statements: [
            // Jobs from before this step have no expiry: they never expire.
            "ALTER TABLE print_jobs ADD COLUMN expires_at \(.timestamp)",
            // A printer's oldest unfinished jobs: what its computer's socket is offered next.
            "CREATE INDEX print_jobs_lane ON print_jobs(printer_id, seq) WHERE state IN ('pending', 'sent', 'printing')",
            "CREATE INDEX print_jobs_expiring ON print_jobs(expires_at) WHERE state = 'pending'",
        ]
    )
}
