import Foundation

/// The statements of the webhook outbox: an event, the active webhooks of its account that subscribed to it,
/// and one pending delivery for each.
enum EventSQL {
    static func insert(_ event: Event) -> SQL {
        SQL(
            "INSERT INTO events (account_id, type, payload, created_at) VALUES (?, ?, ?, ?)",
            event.accountID, event.type, event.payload, event.createdAt)
    }

    /// `events` is stored `,job.created,job.state,`, so a type is found with its commas.
    static func subscribers(of event: Event) -> SQL {
        SQL(
            sqlite: """
                SELECT id FROM webhooks WHERE account_id = ? AND active
                AND (instr(events, ',all,') > 0 OR instr(events, ',' || ? || ',') > 0)
                """,
            postgres: """
                SELECT id FROM webhooks WHERE account_id = ? AND active
                AND (strpos(events, ',all,') > 0 OR strpos(events, ',' || ? || ',') > 0)
                """,
            event.accountID, event.type)
    }

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
