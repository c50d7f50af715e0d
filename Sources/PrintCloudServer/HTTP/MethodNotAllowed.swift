import Hummingbird

/// A known path asked with a method it does not have answers `405` with an `Allow` header, not a `404` that
/// reads as a wrong URL. `HEAD` is allowed wherever `GET` is (the router answers it from the `GET` route).
/// With CORS on, `OPTIONS` is allowed everywhere too: it answers the browser's preflight.
enum MethodNotAllowed {
    /// Every method a client may send to a path, `TRACE` and `QUERY` (OpenAPI 3.2 has it) too: unlisted,
    /// they were a `404` on a known path.
    static let methods: [HTTPRequest.Method] = [
        .get, .head, .post, .put, .patch, .delete, .options, .trace, HTTPRequest.Method("QUERY")!,
    ]

    /// Adds the `405` answers and, when `cors` is on, the preflight answers; call it once, after every other
    /// route is registered. They sit outside the authenticated group: a browser never sends a key on a
    /// preflight, and a preflight must not spend the account's rate limit.
    static func register(on router: Router<AppRequestContext>, cors: CORSPolicy) {
        var allowed: [String: (path: RouterPath, methods: Set<HTTPRequest.Method>)] = [:]
        for route in router.routes {
            allowed[route.path.description, default: (route.path, [])].methods.insert(route.method)
        }
        for (path, methods) in allowed.values {
            var methods = methods
            if methods.contains(.get) { methods.insert(.head) }
            let callable = Self.methods.filter(methods.contains)
            if cors.isEnabled { methods.insert(.options) }
            let allow = Self.methods.filter(methods.contains).map(\.rawValue).joined(separator: ", ")
            if cors.isEnabled {
                router.on(path, method: .options) { request, _ -> Response in
                    var headers = cors.preflightHeaders(origin: request.headers[.origin], methods: callable)
                    headers[.allow] = allow
                    return Response(status: .noContent, headers: headers)
                }
            }
            for method in Self.methods where !methods.contains(method) {
                router.on(path, method: method) { _, _ -> Response in
                    throw APIError(
                        .methodNotAllowed, "\(method.rawValue) is not allowed here; allowed: \(allow)",
                        headers: [.allow: allow])
                }
            }
        }
    }
}
