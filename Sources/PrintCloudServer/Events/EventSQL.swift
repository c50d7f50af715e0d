import Foundation

/// The statements of the webhook outbox.
enum EventSQL {
    private static func insert(_ event: Event) -> SQL {
        SQL(
            "INSERT INTO events (account_id, type, payload, created_at) VALUES (?, ?, ?, ?)",
            event.accountID, event.type, event.payload, event.createdAt)
    }

    /// The event, and a pending delivery to each active webhook of its account that subscribed to it, in the
    /// caller's transaction: the outbox the delivery worker drains.
    static func record(_ event: Event) -> [SQL] {
        [insert(event), enqueueForSubscribers(event)]
    }

    /// `events` is stored `,job.created,job.state,`, so a type is found with its commas. Each delivery's id is
    /// drawn by the database: `whd_` and 20 random hex digits (80 bits).
    private static func enqueueForSubscribers(_ event: Event) -> SQL {
        SQL(
            sqlite: enqueueSQLite, postgres: enqueuePostgres, event.type, event.orderKey, event.payload,
            event.createdAt, event.createdAt, event.createdAt, event.accountID, event.type)
    }

    // Built once: every job step and computer event writes these.
    private static let enqueueColumns = """
        INSERT INTO deliveries (id, webhook_id, event_type, order_key, payload, status, attempts, next_attempt_at,
            created_at, updated_at)
        """
    private static let enqueueValues =
        "id, ?, ?, ?, 'pending', 0, ?, ?, ? FROM webhooks WHERE account_id = ? AND active"
    private static let enqueueSQLite = """
        \(enqueueColumns)
        SELECT 'whd_' || lower(hex(randomblob(10))), \(enqueueValues)
        AND (instr(events, ',all,') > 0 OR instr(events, ',' || ? || ',') > 0)
        """
    private static let enqueuePostgres = """
        \(enqueueColumns)
        SELECT 'whd_' || substr(md5(gen_random_uuid()::text), 1, 20), \(enqueueValues)
        AND (strpos(events, ',all,') > 0 OR strpos(events, ',' || ? || ',') > 0)
        """

    static func enqueue(_ event: Event, for webhookID: String, id: String = Identifiers.make("whd_")) -> SQL {
        SQL(
            """
            INSERT INTO deliveries (id, webhook_id, event_type, order_key, payload, status, attempts, next_attempt_at,
                created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
            """,
            id, webhookID, event.type, event.orderKey, event.payload, event.createdAt, event.createdAt,
            event.createdAt)
    }
}
