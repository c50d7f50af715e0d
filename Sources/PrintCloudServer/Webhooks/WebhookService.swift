import Crypto
import Foundation
import PrintCloudProtocol

/// The rules for webhooks: validation, secrets, and the test `ping`. Knows nothing of HTTP routes.
public struct WebhookService: Sendable {
    let store: any WebhookStore
    let policy: WebhookAddressPolicy
    let clock: WallClock

    public init(store: any WebhookStore, policy: WebhookAddressPolicy, clock: WallClock) {
        self.store = store
        self.policy = policy
        self.clock = clock
    }

    /// A new webhook; `generatedSecret` is set when the server made the secret (shown this once).
    public func create(accountID: String, url: String, secret: String?, events: [String]) async throws
        -> (webhook: WebhookRecord, generatedSecret: String?)
    {
        let url = try await validatedURL(url)
        let events = try validatedEvents(events)
        let generated = secret == nil ? "whsec_" + Identifiers.newPassword() + Identifiers.newPassword() : nil
        let secret = try validatedSecret(secret ?? generated!)
        let webhook = WebhookRecord(
            id: Identifiers.make("wh_"), accountID: accountID, url: url, secret: secret, events: events, active: true,
            createdAt: clock.now())
        try await store.insert(webhook)
        return (webhook, generated)
    }

    public func webhooks(accountID: String) async throws -> [WebhookRecord] {
        try await store.webhooks(accountID: accountID)
    }

    public func webhook(id: String, accountID: String) async throws -> WebhookRecord {
        guard let webhook = try await store.webhook(id: id, accountID: accountID) else {
            throw ServiceError.notFound("No webhook \(id)")
        }
        return webhook
    }

    /// Changes what is given and keeps the rest.
    public func update(
        id: String, accountID: String, url: String?, secret: String?, events: [String]?, active: Bool?
    ) async throws -> WebhookRecord {
        var webhook = try await webhook(id: id, accountID: accountID)
        if let url { webhook.url = try await validatedURL(url) }
        if let secret { webhook.secret = try validatedSecret(secret) }
        if let events { webhook.events = try validatedEvents(events) }
        if let active { webhook.active = active }
        try await store.update(webhook)
        return webhook
    }

    public func delete(id: String, accountID: String) async throws {
        guard try await store.delete(id: id, accountID: accountID) else {
            throw ServiceError.notFound("No webhook \(id)")
        }
    }

    public func deliveries(webhookID: String, accountID: String) async throws -> [DeliveryRecord] {
        _ = try await webhook(id: webhookID, accountID: accountID)
        return try await store.deliveries(webhookID: webhookID, limit: 100)
    }

    /// Queues a `ping` to the webhook; the delivery's id.
    public func sendTest(webhookID: String, accountID: String) async throws -> String {
        let webhook = try await webhook(id: webhookID, accountID: accountID)
        return try await store.enqueue(
            .ping(accountID: accountID, webhookID: webhook.id, at: clock.now()), webhookID: webhook.id)
    }

    /// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" keyed with the secret>`.
    public static func signature(body: Data, secret: String, at date: Date) -> String {
        let timestamp = String(Int(date.timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data((timestamp + ".").utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.hexString
    }

    private func validatedURL(_ text: String) async throws -> String {
        guard !TextLength.exceeds(text, 2048), let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host?.isEmpty == false
        else { throw ServiceError.invalid("url", "must be an http or https URL") }
        do {
            try await policy.check(url)
        } catch is AddressNotAllowed {
            throw ServiceError.invalid(
                "url",
                "address not allowed: webhooks may only reach public addresses, not loopback, private, link-local or other special-purpose ones; start the server with --allow-private-webhooks to allow them"
            )
        }
        return text
    }

    private func validatedEvents(_ events: [String]) throws -> [String] {
        let known = ["all"] + Event.types
        guard !events.isEmpty else { throw ServiceError.invalid("events", "must name at least one event") }
        if let unknown = events.first(where: { !known.contains($0) }) {
            throw ServiceError.invalid(
                "events", "unknown event \"\(unknown)\"; known are \(known.joined(separator: ", "))")
        }
        var seen = Set<String>()
        return events.filter { seen.insert($0).inserted }
    }

    private func validatedSecret(_ secret: String) throws -> String {
        guard secret.unicodeScalars.count >= 8, !TextLength.exceeds(secret, 255),
            !secret.contains(where: { $0.isNewline }), !TextLength.hasNUL(secret)
        else {
            throw ServiceError.invalid("secret", "must be 8 to 255 characters on one line")
        }
        return secret
    }
}
