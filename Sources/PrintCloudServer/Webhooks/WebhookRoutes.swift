import Foundation
import Hummingbird
import PrintCloudProtocol

/// `/api/webhooks`: create (API.md), list, show, change, delete, recent deliveries, test ping.
struct WebhookRoutes {
    let webhooks: WebhookService
    let bodyLimit: Int

    struct CreateRequest: Decodable {
        var url: String
        var secret: String?
        var events: [String]
    }

    struct UpdateRequest: Decodable {
        var url: String?
        var secret: String?
        var events: [String]?
        var active: Bool?
    }

    /// A webhook as shown: never its secret, except the one the server generated, in the `201`.
    struct WebhookView: ResponseEncodable {
        var id: String
        var url: String
        var events: [String]
        var active: Bool
        var createdAt: Date
        var secret: String?

        init(_ webhook: WebhookRecord, generatedSecret: String? = nil) {
            id = webhook.id
            url = webhook.url
            events = webhook.events
            active = webhook.active
            createdAt = webhook.createdAt
            secret = generatedSecret
        }
    }

    struct DeliveryView: ResponseEncodable {
        var id: String
        var event: String
        var status: DeliveryRecord.Status
        var statusCode: Int?
        var error: String?
        var attempts: Int
        var createdAt: Date
        var updatedAt: Date
        var nextAttemptAt: Date?
    }

    struct Queued: ResponseEncodable {
        var deliveryId: String
    }

    struct Deleted: ResponseEncodable {
        var id: String
        var deleted = true
    }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.on(method: .post, requires: .full, use: create)
        group.on(method: .get, requires: .readOnly, use: list)
        group.on(":id", method: .get, requires: .readOnly, use: show)
        group.on(":id", method: .patch, requires: .full, use: update)
        group.on(":id", method: .delete, requires: .full, use: delete)
        group.on(":id/deliveries", method: .get, requires: .readOnly, use: deliveries)
        group.on(":id/test", method: .post, requires: .full, use: test)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<WebhookView> {
        let body = try await request.decodeJSON(CreateRequest.self, context: context, limit: bodyLimit)
        let (webhook, generated) = try await webhooks.create(
            accountID: context.principal().accountID, url: body.url, secret: body.secret, events: body.events)
        return EditedResponse(status: .created, response: WebhookView(webhook, generatedSecret: generated))
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> [WebhookView] {
        try await webhooks.webhooks(accountID: context.principal().accountID).map { WebhookView($0) }
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> WebhookView {
        WebhookView(
            try await webhooks.webhook(id: context.parameters.require("id"), accountID: context.principal().accountID))
    }

    @Sendable func update(request: Request, context: AppRequestContext) async throws -> WebhookView {
        let body = try await request.decodeJSON(UpdateRequest.self, context: context, limit: bodyLimit)
        return WebhookView(
            try await webhooks.update(
                id: context.parameters.require("id"), accountID: context.principal().accountID, url: body.url,
                secret: body.secret, events: body.events, active: body.active))
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> Deleted {
        let id = try context.parameters.require("id")
        try await webhooks.delete(id: id, accountID: context.principal().accountID)
        return Deleted(id: id)
    }

    @Sendable func deliveries(request: Request, context: AppRequestContext) async throws -> [DeliveryView] {
        try await webhooks.deliveries(
            webhookID: context.parameters.require("id"), accountID: context.principal().accountID
        ).map {
            DeliveryView(
                id: $0.id, event: $0.eventType, status: $0.status, statusCode: $0.lastStatusCode, error: $0.lastError,
                attempts: $0.attempts, createdAt: $0.createdAt, updatedAt: $0.updatedAt,
                nextAttemptAt: $0.status == .pending ? $0.nextAttemptAt : nil)
        }
    }

    @Sendable func test(request: Request, context: AppRequestContext) async throws -> EditedResponse<Queued> {
        let id = try await webhooks.sendTest(
            webhookID: context.parameters.require("id"), accountID: context.principal().accountID)
        return EditedResponse(status: .accepted, response: Queued(deliveryId: id))
    }
}
