extension Migrations {
    static let instances = Migration(
        number: 5,
        name: "instances",
        statements: [
            """
            CREATE TABLE instances (
                id TEXT PRIMARY KEY,
                started_at \(.timestamp) NOT NULL,
                heartbeat_at \(.timestamp) NOT NULL
            )
            """,
            "ALTER TABLE computers ADD COLUMN instance_id TEXT",
            "CREATE INDEX computers_instance ON computers(instance_id, state)",
        ]
    )
}
