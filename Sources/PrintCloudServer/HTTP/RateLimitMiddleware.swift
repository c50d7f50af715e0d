import HTTPTypes
import Hummingbird
import Prometheus

/// Applies the per-account rate limit before any work and reports it in `X-RateLimit-*` headers.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let principal = try context.principal()
        switch await limiter.take(for: principal.accountID) {
        case .limited(let retryAfter):
            Metrics.rateLimited.increment()
            var error = APIError.tooManyRequests(
                "Rate limit of \(limiter.limit) requests per second exceeded", retryAfter: retryAfter)
            error.headers[.rateLimitLimit] = String(limiter.limit)
            error.headers[.rateLimitRemaining] = "0"
            throw error
        case .allowed(let remaining):
            var response: Response
            do {
                response = try await next(request, context)
            } catch {
                response = try errorResponse(for: error, request: request, context: context)
            }
            response.headers[.rateLimitLimit] = String(limiter.limit)
            response.headers[.rateLimitRemaining] = String(remaining)
            return response
        }
    }
}

extension HTTPField.Name {
    static let rateLimitLimit = Self("X-RateLimit-Limit")!
    static let rateLimitRemaining = Self("X-RateLimit-Remaining")!
}
