import Foundation
import Hummingbird
import Logging
import PrintCloudProtocol

/// The one way an error reaches a client: `{"code", "message"}` with the documented status.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// The `code` of the body, named after the status.
    public var code: String {
        switch status.code {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 405: "MethodNotAllowed"
        case 409: "Conflict"
        case 413: "PayloadTooLarge"
        case 429: "TooManyRequests"
        case 500: "InternalServerError"
        default: status.reasonPhrase.replacingOccurrences(of: " ", with: "")
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONEncoder().encode(
            APIErrorBody(
                code: code, message: message,
                requestId: context.logger[metadataKey: RequestIDMiddleware.metadataKey]?
                    .description))
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func unauthorized(_ message: String) -> APIError {
        APIError(.unauthorized, message, headers: [.wwwAuthenticate: "Basic realm=\"PrintCloud\""])
    }

    static func tooManyRequests(_ message: String, retryAfter seconds: Int) -> APIError {
        APIError(.tooManyRequests, message, headers: [.retryAfter: String(seconds)])
    }
}

extension APIError {
    /// Turns any error into what the client sees. Unexpected errors become a 500 that reveals nothing;
    /// the caller logs them.
    init(from error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as ServiceError:
            self.init(error)
        case let error as HTTPError:
            self.init(error.status, error.body ?? Self.defaultMessage(for: error.status), headers: error.headers)
        case let error as any HTTPResponseError:
            self.init(error.status, Self.defaultMessage(for: error.status))
        default:
            self.init(.internalServerError, "Internal server error")
        }
    }

    private init(_ error: ServiceError) {
        switch error.code {
        case .invalidInput: self.init(.badRequest, error.message)
        case .notFound: self.init(.notFound, error.message)
        case .unauthorized: self = .unauthorized(error.message)
        case .conflict: self.init(.conflict, error.message)
        case .tooLarge: self.init(.contentTooLarge, error.message)
        case .tooManyAttempts: self = .tooManyRequests(error.message, retryAfter: error.retryAfterSeconds ?? 1)
        default: self.init(.internalServerError, "Internal server error")
        }
    }

    private static func defaultMessage(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "Not found"
        case 413: "Request body too large"
        default: status.reasonPhrase
        }
    }
}
