import Hummingbird
import PrintCloudProtocol

/// Refuses a key whose permission is below what the route requires (API.md Part 2, "Permissions").
struct PermissionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let required: Permission

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let principal = try context.principal()
        guard principal.permission.allows(required) else {
            throw APIError(
                .forbidden,
                "This API key is \(principal.permission.rawValue); this request needs a \(required.rawValue) key")
        }
        return try await next(request, context)
    }
}

extension RouterMethods where Context == AppRequestContext {
    /// Adds a route together with the permission it requires, so the matrix is declared once per route.
    @discardableResult
    func on(
        _ path: RouterPath = "",
        method: HTTPRequest.Method,
        requires permission: Permission,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        group().add(middleware: PermissionMiddleware(required: permission)).on(path, method: method, use: handler)
        return self
    }
}
