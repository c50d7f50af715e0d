import Hummingbird

/// A path with U+0000 in it (`%00`) names nothing: stored ids never hold it, and PostgreSQL cannot even compare
/// text holding it. Answered `404` before any lookup, the same on both engines.
struct PathNULMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let path = request.uri.path
        if path.contains("%00") || TextLength.hasNUL(path) {
            throw APIError(.notFound, "Not found: the path contains a NUL character (%00)")
        }
        return try await next(request, context)
    }
}
