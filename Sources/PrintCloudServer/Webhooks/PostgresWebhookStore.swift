import Foundation
import PostgresNIO

/// `WebhookStore` on PostgreSQL.
struct PostgresWebhookStore: WebhookStore {
    let database: PostgresDatabase

    private var client: PostgresClient { database.client }
    private var logger: Logger { database.logger }

    func insert(_ webhook: WebhookRecord) async throws {
        try await client.query(
            """
            INSERT INTO webhooks (id, account_id, url, secret, events, active, created_at)
            VALUES (\(webhook.id), \(webhook.accountID), \(webhook.url), \(webhook.secret), \(webhook.eventsColumn),
                \(webhook.active), \(webhook.createdAt))
            """,
            logger: logger)
    }

    func webhooks(accountID: String) async throws -> [WebhookRecord] {
        try await Self.webhooks(
            try await client.query(
                "\(unescaped: Self.selectWebhook) WHERE account_id = \(accountID) ORDER BY created_at, id",
                logger: logger))
    }

    func webhook(id: String, accountID: String) async throws -> WebhookRecord? {
        try await Self.webhooks(
            try await client.query(
                "\(unescaped: Self.selectWebhook) WHERE id = \(id) AND account_id = \(accountID)", logger: logger)
        ).first
    }

    func update(_ webhook: WebhookRecord) async throws {
        try await client.query(
            """
            UPDATE webhooks SET url = \(webhook.url), secret = \(webhook.secret), events = \(webhook.eventsColumn),
                active = \(webhook.active)
            WHERE id = \(webhook.id) AND account_id = \(webhook.accountID)
            """,
            logger: logger)
    }

    func delete(id: String, accountID: String) async throws -> Bool {
        let rows = try await client.query(
            "DELETE FROM webhooks WHERE id = \(id) AND account_id = \(accountID) RETURNING id", logger: logger)
        return try await rows.collect().isEmpty == false
    }

    func deliveries(webhookID: String, limit: Int) async throws -> [DeliveryRecord] {
        try await Self.deliveries(
            try await client.query(
                """
                SELECT \(unescaped: Self.deliveryColumns), '', '' FROM deliveries
                WHERE webhook_id = \(webhookID) ORDER BY seq DESC LIMIT \(limit)
                """,
                logger: logger)
        ).map(\.delivery)
    }

    func enqueue(_ event: Event, webhookID: String) async throws -> String {
        try await client.withTransaction(logger: logger) { connection in
            try await PostgresEventWriter.enqueue(event, for: webhookID, on: connection, logger: logger)
            for try await id in try await connection.query(
                "SELECT id FROM deliveries WHERE seq = lastval()", logger: logger
            ).decode(String.self) {
                return id
            }
            return ""
        }
    }

    func claimDueDeliveries(at now: Date, leaseUntil: Date, limit: Int) async throws -> [DueDelivery] {
        // SKIP LOCKED: workers of several instances claim disjoint rows instead of waiting on each other.
        // A disabled webhook's deliveries wait until it is enabled again.
        try await Self.deliveries(
            try await client.query(
                """
                WITH due AS (
                    SELECT d.seq FROM deliveries d JOIN webhooks a ON a.id = d.webhook_id AND a.active
                    WHERE d.status = 'pending' AND d.next_attempt_at <= \(now)
                    AND NOT EXISTS (
                        SELECT 1 FROM deliveries e WHERE e.webhook_id = d.webhook_id AND e.order_key = d.order_key
                        AND e.status = 'pending' AND e.seq < d.seq)
                    ORDER BY d.seq LIMIT \(limit)
                    FOR UPDATE OF d SKIP LOCKED
                )
                UPDATE deliveries d SET next_attempt_at = \(leaseUntil)
                FROM due, webhooks w
                WHERE d.seq = due.seq AND w.id = d.webhook_id
                RETURNING \(unescaped: Self.deliveryColumns.split(separator: ",").map { "d." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")),
                    w.url, w.secret
                """,
                logger: logger))
    }

    func recordAttempt(
        deliveryID: String, status: DeliveryRecord.Status, statusCode: Int?, error: String?, nextAttemptAt: Date,
        at date: Date
    ) async throws {
        try await client.query(
            """
            UPDATE deliveries SET status = \(status.rawValue), attempts = attempts + 1,
                last_status_code = \(statusCode), last_error = \(error), next_attempt_at = \(nextAttemptAt),
                updated_at = \(date)
            WHERE id = \(deliveryID)
            """,
            logger: logger)
    }

    private static let selectWebhook = "SELECT id, account_id, url, secret, events, active, created_at FROM webhooks"
    private static let deliveryColumns =
        "id, webhook_id, event_type, payload, status, attempts, next_attempt_at, last_status_code, last_error, created_at, updated_at"

    private static func webhooks(_ rows: PostgresRowSequence) async throws -> [WebhookRecord] {
        var webhooks: [WebhookRecord] = []
        for try await (id, accountID, url, secret, events, active, createdAt) in rows.decode(
            (String, String, String, String, String, Bool, Date).self)
        {
            webhooks.append(
                WebhookRecord(
                    id: id, accountID: accountID, url: url, secret: secret,
                    events: WebhookRecord.events(fromColumn: events), active: active, createdAt: createdAt))
        }
        return webhooks
    }

    private static func deliveries(_ rows: PostgresRowSequence) async throws -> [DueDelivery] {
        var deliveries: [DueDelivery] = []
        for try await (
            id, webhookID, eventType, payload, status, attempts, nextAttemptAt, statusCode, error, createdAt, updatedAt,
            url, secret
        ) in rows.decode(
            (String, String, String, String, String, Int, Date, Int?, String?, Date, Date, String, String).self)
        {
            let delivery = DeliveryRecord(
                id: id, webhookID: webhookID, eventType: eventType, payload: payload,
                status: DeliveryRecord.Status(rawValue: status) ?? .failed, attempts: attempts,
                nextAttemptAt: nextAttemptAt, lastStatusCode: statusCode, lastError: error, createdAt: createdAt,
                updatedAt: updatedAt)
            deliveries.append(DueDelivery(delivery: delivery, url: url, secret: secret))
        }
        return deliveries
    }
}
