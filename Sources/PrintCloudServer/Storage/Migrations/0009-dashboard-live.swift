extension Migrations {
    static let dashboardLive = Migration(
        number: 9,
        name: "dashboard-live",
        statements: [
            // An open dashboard asks for its account's newest event every second or so: an index answers it
            // without reading the whole outbox.
            "CREATE INDEX events_account ON events(account_id, seq)"
        ]
    )
}
