import Foundation
import Hummingbird

/// Request bodies are JSON, said so by `Content-Type: application/json` (any `charset`). Anything else is
/// refused with `415`: a cross-site HTML form can only send `text/plain`, form-encoded or multipart bodies,
/// so it can never create anything with a user's credentials.
enum JSONContentType {
    static func isJSON(_ value: String) -> Bool {
        let mediaType = value.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    static let unsupported = APIError(
        .unsupportedMediaType, "Content-Type: must be application/json (send the body as JSON with that header)")
}

/// Refuses a body of another type on the methods a cross-site form could send with a body, also where the
/// route reads no body (`POST /api/webhooks/:id/test`), before authentication or any work.
struct JSONContentTypeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if [.post, .put, .patch].contains(request.method), let type = request.headers[.contentType],
            !JSONContentType.isJSON(type)
        {
            throw JSONContentType.unsupported
        }
        return try await next(request, context)
    }
}
