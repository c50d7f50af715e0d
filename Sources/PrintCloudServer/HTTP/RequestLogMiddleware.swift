import Foundation
import Hummingbird
import Logging

/// One log line per request: method, path, status, duration and account. Never headers or bodies,
/// which hold keys, passwords and documents.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        var status = "500"
        defer {
            let elapsed = ContinuousClock.now - start
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
            context.logger.info(
                "request",
                metadata: [
                    "method": "\(request.method)",
                    "path": "\(request.uri.path)",
                    "status": "\(status)",
                    "duration_ms": "\(String(format: "%.2f", milliseconds))",
                    "account": "\(context.identity.principal?.accountID ?? "-")",
                ])
        }
        let response = try await next(request, context)
        status = String(response.status.code)
        return response
    }
}
