import Foundation

/// `WebhookStore` on either engine.
struct SQLWebhookStore<Database: SQLStatements>: WebhookStore {
    let database: Database

    func insert(_ webhook: WebhookRecord) async throws {
        try await database.write(
            SQL(
                """
                INSERT INTO webhooks (id, account_id, url, secret, events, active, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                webhook.id, webhook.accountID, webhook.url, webhook.secret, webhook.eventsColumn, webhook.active,
                webhook.createdAt))
    }

    func webhooks(accountID: String) async throws -> [WebhookRecord] {
        try await database.read(
            SQL("\(WebhookSQL.selectWebhook) WHERE account_id = ? ORDER BY created_at, id", accountID),
            Self.webhook(from:))
    }

    func webhook(id: String, accountID: String) async throws -> WebhookRecord? {
        try await database.readRow(
            SQL("\(WebhookSQL.selectWebhook) WHERE id = ? AND account_id = ?", id, accountID), Self.webhook(from:))
    }

    func update(_ webhook: WebhookRecord) async throws {
        try await database.write(
            SQL(
                "UPDATE webhooks SET url = ?, secret = ?, events = ?, active = ? WHERE id = ? AND account_id = ?",
                webhook.url, webhook.secret, webhook.eventsColumn, webhook.active, webhook.id, webhook.accountID))
    }

    func delete(id: String, accountID: String) async throws -> Bool {
        try await database.deleteOwned(from: "webhooks", id: id, accountID: accountID)
    }

    func deliveries(webhookID: String, limit: Int) async throws -> [DeliveryRecord] {
        try await database.read(
            SQL(
                "SELECT \(WebhookSQL.deliveryColumns) FROM deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?",
                webhookID, limit),
            WebhookSQL.delivery(from:))
    }

    func enqueue(_ event: Event, webhookID: String) async throws -> String {
        let id = Identifiers.make("whd_")
        try await database.write(EventSQL.enqueue(event, for: webhookID, id: id))
        return id
    }

    func claimDueDeliveries(at now: Date, leaseUntil: Date, limit: Int) async throws -> [DueDelivery] {
        let due = """
            SELECT \(WebhookSQL.deliveryColumns(prefix: "d.")), w.url, w.secret
            FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND w.active \(WebhookSQL.oldestOfItsKey)
            ORDER BY d.seq LIMIT ?
            """
        // SKIP LOCKED: workers of several instances claim disjoint rows instead of waiting on each other.
        return try await database.run(
            .read(SQL(sqlite: due, postgres: due + " FOR UPDATE OF d SKIP LOCKED", now, limit), Self.due(from:)) {
                due in
                guard !due.isEmpty else { return .done([]) }
                let lease = SQL(
                    "UPDATE deliveries SET next_attempt_at = ? WHERE id IN (\(SQL.placeholders(due.count)))",
                    [.date(leaseUntil)] + due.map(\.delivery.id.sqlValue))
                return .write([lease], answer: due)
            })
    }

    func recordAttempt(
        deliveryID: String, status: DeliveryRecord.Status, statusCode: Int?, error: String?, nextAttemptAt: Date,
        at date: Date
    ) async throws {
        try await database.write(
            SQL(
                """
                UPDATE deliveries SET status = ?, attempts = attempts + 1, last_status_code = ?, last_error = ?,
                    next_attempt_at = ?, updated_at = ?
                WHERE id = ?
                """,
                status.rawValue, statusCode, error, nextAttemptAt, date, deliveryID))
    }

    /// A delivery waits while an older one of its webhook and order key is pending: one job's events reach a
    /// receiver in order. A disabled webhook's deliveries wait until it is enabled again.

    @Sendable private static func webhook(from row: StoredRow) throws -> WebhookRecord {
        WebhookRecord(
            id: try row.value("id"), accountID: try row.value("account_id"), url: try row.value("url"),
            secret: try row.value("secret"), events: WebhookRecord.events(fromColumn: try row.value("events")),
            active: try row.value("active"), createdAt: try row.value("created_at"))
    }

    @Sendable private static func due(from row: StoredRow) throws -> DueDelivery {
        DueDelivery(
            delivery: try WebhookSQL.delivery(from: row), url: try row.value("url"), secret: try row.value("secret"))
    }
}

/// The statement texts of `SQLWebhookStore`, built once (a generic type cannot hold static stored properties),
/// and how a delivery reads from its row (the admin commands read them too).
enum WebhookSQL {
    static let oldestOfItsKey = """
        AND NOT EXISTS (
            SELECT 1 FROM deliveries e WHERE e.webhook_id = d.webhook_id AND e.order_key = d.order_key
            AND e.status = 'pending' AND e.seq < d.seq)
        """
    static let selectWebhook = "SELECT id, account_id, url, secret, events, active, created_at FROM webhooks"
    static let deliveryColumns = deliveryColumns(prefix: "")

    static func deliveryColumns(prefix: String) -> String {
        [
            "id", "webhook_id", "event_type", "payload", "status", "attempts", "next_attempt_at", "last_status_code",
            "last_error", "created_at", "updated_at",
        ].map { prefix + $0 }.joined(separator: ", ")
    }

    @Sendable static func delivery(from row: StoredRow) throws -> DeliveryRecord {
        DeliveryRecord(
            id: try row.value("id"), webhookID: try row.value("webhook_id"), eventType: try row.value("event_type"),
            payload: try row.value("payload"), status: try row.value("status"), attempts: try row.value("attempts"),
            nextAttemptAt: try row.value("next_attempt_at"), lastStatusCode: try row.optional("last_status_code"),
            lastError: try row.optional("last_error"), createdAt: try row.value("created_at"),
            updatedAt: try row.value("updated_at"))
    }
}
