import Hummingbird
import Logging
import NIOHTTP1

/// Outermost middleware: whatever a route throws, unknown routes included, the client gets an
/// `APIError` body.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return try errorResponse(for: error, request: request, context: context)
        }
    }
}

/// The response for `error`; an unexpected error is logged here and answered as a bare 500.
func errorResponse(for error: any Error, request: Request, context: some RequestContext) throws -> Response {
    if let parserError = error as? HTTPParserError {
        // The body could not be read to its end: the client's doing, nothing for the server's operators.
        if parserError == .invalidEOFState {
            context.logger.info("client disconnected before the request body was complete")
            return try APIError(.badRequest, "The request body ended before it was complete")
                .response(from: request, context: context)
        }
        context.logger.debug("malformed request body", metadata: ["error": "\(parserError)"])
        return try APIError(.badRequest, "Malformed HTTP request: \(parserError)")
            .response(from: request, context: context)
    }
    let apiError = APIError(from: error)
    if apiError.status == .internalServerError {
        context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
    }
    return try apiError.response(from: request, context: context)
}
