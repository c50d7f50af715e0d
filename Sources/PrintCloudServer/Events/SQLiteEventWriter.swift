import Foundation
import GRDB

/// Writes an event and, in the same transaction, one pending delivery per active webhook of the account
/// that subscribed to it: the outbox the delivery worker drains.
enum SQLiteEventWriter {
    static func record(_ event: Event, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO events (account_id, type, payload, created_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [event.accountID, event.type, event.payload, event.createdAt])
        let webhooks = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id FROM webhooks WHERE account_id = ? AND active
                    AND (instr(events, ',all,') > 0 OR instr(events, ',' || ? || ',') > 0)
                    """),
            arguments: [event.accountID, event.type])
        for webhookID in webhooks {
            try enqueue(event, for: webhookID, in: db)
        }
    }

    /// One pending delivery of `event` to one webhook.
    static func enqueue(_ event: Event, for webhookID: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO deliveries (id, webhook_id, event_type, order_key, payload, status, attempts, next_attempt_at,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
                """
        ).execute(arguments: [
            Identifiers.make("whd_"), webhookID, event.type, event.orderKey, event.payload, event.createdAt,
            event.createdAt, event.createdAt,
        ])
    }
}
