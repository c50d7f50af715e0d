import Hummingbird
import PrintCloudProtocol

/// `GET /api/whoami`: the account, its user and the calling key's permission.
struct WhoAmIRoutes {
    let accounts: AccountService

    struct WhoAmI: ResponseEncodable {
        var accountId: String
        var user: UserInfo?
        var keyId: String
        var permission: Permission
    }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.on("whoami", method: .get, requires: .readOnly, use: whoami)
    }

    @Sendable func whoami(request: Request, context: AppRequestContext) async throws -> WhoAmI {
        let principal = try context.principal()
        let owner = try await accounts.owner(accountID: principal.accountID)
        return WhoAmI(
            accountId: principal.accountID, user: owner?.info, keyId: principal.keyID,
            permission: principal.permission)
    }
}
