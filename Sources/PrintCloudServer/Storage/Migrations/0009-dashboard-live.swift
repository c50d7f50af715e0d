extension Migrations {
    static let dashboardLive = Migration(
        number: 9,
        name: "dashboard-live-and-key-use",
        statements: [
            // An open dashboard asks for its account's newest event every second or so: an index answers it
            // without reading the whole outbox.
            "CREATE INDEX events_account ON events(account_id, seq)",
            // When a key was last used, to the hour: for the API keys page.
            "ALTER TABLE api_keys ADD COLUMN last_used_at \(.timestamp)",
        ]
    )
}
