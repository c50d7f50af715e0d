import Logging
import PostgresNIO

/// Writes an event and its pending deliveries in the caller's transaction (see `SQLiteEventWriter`).
enum PostgresEventWriter {
    static func record(_ event: Event, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute(EventSQL.insert(event), logger: logger)
        let subscribers = try await connection.rows(EventSQL.subscribers(of: event), logger: logger) {
            try $0.value("id", as: String.self)
        }
        for webhookID in subscribers {
            try await connection.execute(EventSQL.enqueue(event, for: webhookID), logger: logger)
        }
    }
}
