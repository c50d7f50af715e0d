import Foundation
import Logging
import PostgresNIO

/// Writes an event and its pending deliveries in the caller's transaction (see `SQLiteEventWriter`).
enum PostgresEventWriter {
    static func record(_ event: Event, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO events (account_id, type, payload, created_at)
            VALUES (\(event.accountID), \(event.type), \(event.payload), \(event.createdAt))
            """,
            logger: logger)
        var webhooks: [String] = []
        for try await id in try await connection.query(
            """
            SELECT id FROM webhooks WHERE account_id = \(event.accountID) AND active
            AND (strpos(events, ',all,') > 0 OR strpos(events, ',' || \(event.type) || ',') > 0)
            """,
            logger: logger
        ).decode(String.self) {
            webhooks.append(id)
        }
        for webhookID in webhooks {
            try await enqueue(event, for: webhookID, on: connection, logger: logger)
        }
    }

    static func enqueue(_ event: Event, for webhookID: String, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO deliveries (id, webhook_id, event_type, order_key, payload, status, attempts, next_attempt_at,
                created_at, updated_at)
            VALUES (\(Identifiers.make("whd_")), \(webhookID), \(event.type), \(event.orderKey), \(event.payload),
                'pending', 0, \(event.createdAt), \(event.createdAt), \(event.createdAt))
            """,
            logger: logger)
    }
}
