import Hummingbird
import PrintCloudProtocol

/// `POST /api/client/login`: the desktop client signs in with email and password (no API key).
struct LoginRoutes {
    let accounts: AccountService
    let bodyLimit: Int

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("login", use: login)
    }

    @Sendable func login(request: Request, context: AppRequestContext) async throws -> ClientLoginResponse {
        let body = try await request.decodeJSON(ClientLoginRequest.self, context: context, limit: bodyLimit)
        let (user, key) = try await accounts.login(
            email: body.email, password: body.password, clientAddress: context.remoteAddress)
        return ClientLoginResponse(apiKey: key.key, user: user.info)
    }
}

extension ClientLoginResponse: ResponseEncodable {}
