import Hummingbird
import Prometheus

/// Counts and times every request by the route it matched (`/api/printjobs/:id`), so that the series stay few
/// whatever paths clients ask for; a path no route matched is `unmatched`.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        var status = 500
        Metrics.requestsInFlight.increment()
        defer {
            Metrics.requestsInFlight.decrement()
            Metrics.request(
                route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status,
                duration: ContinuousClock.now - start)
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
