import Foundation

/// Webhooks and their deliveries (the outbox the delivery worker drains).
public protocol WebhookStore: Sendable {
    func insert(_ webhook: WebhookRecord) async throws
    func webhooks(accountID: String) async throws -> [WebhookRecord]
    func webhook(id: String, accountID: String) async throws -> WebhookRecord?
    func update(_ webhook: WebhookRecord) async throws
    func delete(id: String, accountID: String) async throws -> Bool
    /// The webhook's latest deliveries, newest first.
    func deliveries(webhookID: String, limit: Int) async throws -> [DeliveryRecord]
    /// Queues `event` for this webhook alone (its test `ping`); the delivery's id.
    func enqueue(_ event: Event, webhookID: String) async throws -> String
    /// Claims pending deliveries due at `now`, at most one per webhook and order key (the oldest), so events
    /// of one job reach a receiver in order. A claimed delivery is not due again before `leaseUntil`, so
    /// another worker (of this or another instance) does not send it meanwhile; if this one dies, it is.
    func claimDueDeliveries(at now: Date, leaseUntil: Date, limit: Int) async throws -> [DueDelivery]
    /// Records an attempt: `status` succeeded, pending again (retry at `nextAttemptAt`) or failed for good.
    func recordAttempt(
        deliveryID: String, status: DeliveryRecord.Status, statusCode: Int?, error: String?, nextAttemptAt: Date,
        at: Date
    ) async throws
}
