import Hummingbird
import PrintCloudProtocol

/// The API keys page: list, create (the key shown once), revoke.
extension DashboardRoutes {
    func registerKeys(on router: Router<AppRequestContext>) {
        router.get("keys", use: keys)
        router.post("keys", use: createKey)
        router.post("keys/:id/revoke", use: revokeKey)
    }

    @Sendable func keys(request: Request, context: AppRequestContext) async throws -> Response {
        try await withPage(request) { signedIn, _ in
            KeyPages.list(signedIn, keys: try await accounts.keys(accountID: signedIn.user.accountID))
        }
    }

    @Sendable func createKey(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, form in
            let accountID = signedIn.user.accountID
            do {
                let issued = try await accounts.createKey(
                    accountID: accountID, description: form["description"] ?? "",
                    permission: form["permission"] ?? Permission.full.rawValue)
                return KeyPages.list(signedIn, keys: try await accounts.keys(accountID: accountID), created: issued)
                    .response(status: .created)
            } catch let error as ServiceError where error.code == .invalidInput {
                return KeyPages.list(
                    signedIn, keys: try await accounts.keys(accountID: accountID), problem: error.message
                ).response(status: .badRequest)
            }
        }
    }

    @Sendable func revokeKey(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, _ in
            let id = try context.parameters.require("id")
            try await accounts.revokeKey(id: id, accountID: signedIn.user.accountID)
            await cluster.disconnect(keyID: id, reason: "API key revoked")
            return Self.redirect(to: "/keys")
        }
    }
}
