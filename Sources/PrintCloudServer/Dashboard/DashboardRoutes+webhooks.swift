import Hummingbird
import PrintCloudProtocol

/// Webhooks: list, create (a generated secret shown once), edit, enable or disable, test, delete, deliveries.
extension DashboardRoutes {
    func registerWebhooks(on router: Router<AppRequestContext>) {
        router.get("webhooks", use: webhookList)
        router.post("webhooks", use: createWebhook)
        router.get("webhooks/:id", use: webhookPage)
        router.post("webhooks/:id", use: editWebhook)
        router.post("webhooks/:id/active", use: toggleWebhook)
        router.post("webhooks/:id/test", use: testWebhook)
        router.post("webhooks/:id/delete", use: deleteWebhook)
    }

    @Sendable func webhookList(request: Request, context: AppRequestContext) async throws -> Response {
        try await withPage(request) { signedIn, _ in
            WebhookPages.list(signedIn, webhooks: try await webhooks.webhooks(accountID: signedIn.user.accountID))
        }
    }

    @Sendable func createWebhook(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, form in
            let accountID = signedIn.user.accountID
            let url = form["url"] ?? ""
            let events = WebhookPages.events(from: form)
            do {
                let secret = form["secret"].flatMap { $0.isEmpty ? nil : $0 }
                let created = try await webhooks.create(accountID: accountID, url: url, secret: secret, events: events)
                return WebhookPages.list(
                    signedIn, webhooks: try await webhooks.webhooks(accountID: accountID),
                    created: (created.webhook, created.generatedSecret)
                ).response(status: .created)
            } catch let error as ServiceError where error.code == .invalidInput {
                return WebhookPages.list(
                    signedIn, webhooks: try await webhooks.webhooks(accountID: accountID), form: (url, events),
                    problem: error.message
                ).response(status: .badRequest)
            }
        }
    }

    @Sendable func webhookPage(request: Request, context: AppRequestContext) async throws -> Response {
        try await withPage(request) { signedIn, _ in
            try await webhookPage(signedIn, id: context.parameters.require("id"))
        }
    }

    private func webhookPage(
        _ signedIn: DashboardSessions.SignedIn, id: String, notice: String? = nil, problem: String? = nil
    ) async throws -> HTML {
        let accountID = signedIn.user.accountID
        return WebhookPages.webhook(
            signedIn, webhook: try await webhooks.webhook(id: id, accountID: accountID),
            deliveries: try await webhooks.deliveries(webhookID: id, accountID: accountID), notice: notice,
            problem: problem)
    }

    @Sendable func editWebhook(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, form in
            let id = try context.parameters.require("id")
            do {
                _ = try await webhooks.update(
                    id: id, accountID: signedIn.user.accountID, url: form["url"],
                    secret: form["secret"].flatMap { $0.isEmpty ? nil : $0 }, events: WebhookPages.events(from: form),
                    active: nil)
                return try await webhookPage(signedIn, id: id, notice: "Saved.").response()
            } catch let error as ServiceError where error.code == .invalidInput {
                return try await webhookPage(signedIn, id: id, problem: error.message).response(status: .badRequest)
            }
        }
    }

    @Sendable func toggleWebhook(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, _ in
            let id = try context.parameters.require("id")
            let webhook = try await webhooks.webhook(id: id, accountID: signedIn.user.accountID)
            _ = try await webhooks.update(
                id: id, accountID: signedIn.user.accountID, url: nil, secret: nil, events: nil, active: !webhook.active)
            return Self.redirect(to: "/webhooks/\(id)")
        }
    }

    @Sendable func testWebhook(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, _ in
            let id = try context.parameters.require("id")
            _ = try await webhooks.sendTest(webhookID: id, accountID: signedIn.user.accountID)
            return try await webhookPage(
                signedIn, id: id, notice: "A ping is on its way: its delivery is below; refresh to see how it went."
            ).response(status: .accepted)
        }
    }

    @Sendable func deleteWebhook(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, _ in
            try await webhooks.delete(id: context.parameters.require("id"), accountID: signedIn.user.accountID)
            return Self.redirect(to: "/webhooks")
        }
    }
}
