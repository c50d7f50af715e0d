import Foundation
import Hummingbird
import Logging

/// HTTP Basic with the API key as the user name and an empty password (API.md, "Authentication").
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let key = Self.apiKey(from: request.headers[.authorization]) else {
            throw APIError.unauthorized("Authentication required: HTTP Basic with the API key as user name")
        }
        guard let principal = try await accounts.authenticate(apiKey: key) else {
            throw APIError.unauthorized("Invalid API key")
        }
        context.identity.principal = principal
        var context = context
        context.logger[metadataKey: "account"] = "\(principal.accountID)"
        return try await next(request, context)
    }

    /// The user-name part of a `Basic` authorization header.
    static func apiKey(from header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let credentials = String(data: data, encoding: .utf8)
        else { return nil }
        let user = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return user.isEmpty ? nil : String(user)
    }
}
