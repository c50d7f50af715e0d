import Foundation
import Hummingbird
import PrintCloudProtocol

/// `/api/account/apikeys`: create, list and revoke the account's API keys.
struct APIKeyRoutes {
    let accounts: AccountService
    let cluster: Cluster
    let bodyLimit: Int

    struct CreateRequest: Decodable {
        var description: String?
        var permission: String?
    }

    /// `201` answer: the only time the key is shown.
    struct CreatedKey: ResponseEncodable {
        var id: String
        var key: String
        var description: String
        var permission: Permission
    }

    /// A listed key: never its secret.
    struct ListedKey: ResponseEncodable {
        var id: String
        var description: String
        var permission: Permission
        var createdAt: Date
    }

    struct RevokedKey: ResponseEncodable {
        var id: String
        var revoked: Bool
    }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.on(method: .post, requires: .full, use: create)
        group.on(method: .get, requires: .readOnly, use: list)
        group.on(":id", method: .delete, requires: .full, use: revoke)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<CreatedKey> {
        let principal = try context.principal()
        let body = try await request.decodeJSON(CreateRequest.self, context: context, limit: bodyLimit)
        let issued = try await accounts.createKey(
            accountID: principal.accountID, description: body.description ?? "",
            permission: body.permission ?? Permission.full.rawValue)
        let created = CreatedKey(
            id: issued.record.id, key: issued.key, description: issued.record.description,
            permission: issued.record.permission)
        return EditedResponse(status: .created, response: created)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> [ListedKey] {
        try await accounts.keys(accountID: context.principal().accountID).map {
            ListedKey(id: $0.id, description: $0.description, permission: $0.permission, createdAt: $0.createdAt)
        }
    }

    @Sendable func revoke(request: Request, context: AppRequestContext) async throws -> RevokedKey {
        let id = try context.parameters.require("id")
        try await accounts.revokeKey(id: id, accountID: context.principal().accountID)
        await cluster.disconnect(keyID: id, reason: "API key revoked")
        return RevokedKey(id: id, revoked: true)
    }
}
