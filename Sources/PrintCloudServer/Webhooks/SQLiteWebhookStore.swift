import Foundation
import GRDB

/// `WebhookStore` on SQLite.
struct SQLiteWebhookStore: WebhookStore {
    let database: SQLiteDatabase

    func insert(_ webhook: WebhookRecord) async throws {
        try await database.write { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO webhooks (id, account_id, url, secret, events, active, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                webhook.id, webhook.accountID, webhook.url, webhook.secret, webhook.eventsColumn, webhook.active,
                webhook.createdAt,
            ])
        }
    }

    func webhooks(accountID: String) async throws -> [WebhookRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "\(Self.selectWebhook) WHERE account_id = ? ORDER BY created_at, id"),
                arguments: [accountID]
            ).map(Self.webhook(from:))
        }
    }

    func webhook(id: String, accountID: String) async throws -> WebhookRecord? {
        try await database.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "\(Self.selectWebhook) WHERE id = ? AND account_id = ?"),
                arguments: [id, accountID]
            ).map(Self.webhook(from:))
        }
    }

    func update(_ webhook: WebhookRecord) async throws {
        try await database.write { db in
            try db.cachedStatement(
                sql: "UPDATE webhooks SET url = ?, secret = ?, events = ?, active = ? WHERE id = ? AND account_id = ?"
            ).execute(arguments: [
                webhook.url, webhook.secret, webhook.eventsColumn, webhook.active, webhook.id, webhook.accountID,
            ])
        }
    }

    func delete(id: String, accountID: String) async throws -> Bool {
        try await database.write { db in
            try db.cachedStatement(sql: "DELETE FROM webhooks WHERE id = ? AND account_id = ?")
                .execute(arguments: [id, accountID])
            return db.changesCount > 0
        }
    }

    func deliveries(webhookID: String, limit: Int) async throws -> [DeliveryRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "\(Self.selectDelivery) WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?"),
                arguments: [webhookID, limit]
            ).map(Self.delivery(from:))
        }
    }

    func enqueue(_ event: Event, webhookID: String) async throws -> String {
        try await database.write { db in
            try SQLiteEventWriter.enqueue(event, for: webhookID, in: db)
            return try String.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM deliveries WHERE seq = last_insert_rowid()")) ?? ""
        }
    }

    func claimDueDeliveries(at now: Date, leaseUntil: Date, limit: Int) async throws -> [DueDelivery] {
        try await database.write { db in
            let due = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT d.id, d.webhook_id, d.event_type, d.payload, d.status, d.attempts, d.next_attempt_at,
                            d.last_status_code, d.last_error, d.created_at, d.updated_at, w.url, w.secret
                        FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
                        WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND w.active
                        AND NOT EXISTS (
                            SELECT 1 FROM deliveries e WHERE e.webhook_id = d.webhook_id AND e.order_key = d.order_key
                            AND e.status = 'pending' AND e.seq < d.seq)
                        ORDER BY d.seq LIMIT ?
                        """),
                arguments: [now, limit]
            ).map { row in DueDelivery(delivery: Self.delivery(from: row), url: row["url"], secret: row["secret"]) }
            for claimed in due {
                try db.cachedStatement(sql: "UPDATE deliveries SET next_attempt_at = ? WHERE id = ?")
                    .execute(arguments: [leaseUntil, claimed.delivery.id])
            }
            return due
        }
    }

    func recordAttempt(
        deliveryID: String, status: DeliveryRecord.Status, statusCode: Int?, error: String?, nextAttemptAt: Date,
        at date: Date
    ) async throws {
        try await database.write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE deliveries SET status = ?, attempts = attempts + 1, last_status_code = ?, last_error = ?,
                        next_attempt_at = ?, updated_at = ?
                    WHERE id = ?
                    """
            ).execute(arguments: [status.rawValue, statusCode, error, nextAttemptAt, date, deliveryID])
        }
    }

    private static let selectWebhook = "SELECT id, account_id, url, secret, events, active, created_at FROM webhooks"
    private static let selectDelivery = """
        SELECT id, webhook_id, event_type, payload, status, attempts, next_attempt_at, last_status_code, last_error,
            created_at, updated_at FROM deliveries
        """

    private static func webhook(from row: Row) -> WebhookRecord {
        WebhookRecord(
            id: row["id"], accountID: row["account_id"], url: row["url"], secret: row["secret"],
            events: WebhookRecord.events(fromColumn: row["events"]), active: row["active"], createdAt: row["created_at"]
        )
    }

    private static func delivery(from row: Row) -> DeliveryRecord {
        DeliveryRecord(
            id: row["id"], webhookID: row["webhook_id"], eventType: row["event_type"], payload: row["payload"],
            status: DeliveryRecord.Status(rawValue: row["status"]) ?? .failed, attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"], lastStatusCode: row["last_status_code"],
            lastError: row["last_error"], createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
