import Hummingbird

/// Outermost when CORS is on: every answer, errors and unknown paths included, tells the browser whether the
/// calling page may read it; a 401 or 429 a page cannot read would leave it guessing.
struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: CORSPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        for field in policy.responseHeaders(origin: request.headers[.origin]) {
            response.headers.append(field)
        }
        return response
    }
}
