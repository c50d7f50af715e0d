import GRDB

/// Writes an event and, in the same transaction, one pending delivery per active webhook of the account
/// that subscribed to it: the outbox the delivery worker drains.
enum SQLiteEventWriter {
    static func record(_ event: Event, in db: Database) throws {
        try db.execute(EventSQL.insert(event))
        for webhookID in try db.rows(EventSQL.subscribers(of: event), { try $0.value("id", as: String.self) }) {
            try db.execute(EventSQL.enqueue(event, for: webhookID))
        }
    }
}
