import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id: the caller's `X-Request-Id` when it is a plain token (1 to 128 letters, digits
/// and `-_.:`), else a new one. It is in every log line of the request, echoed in the response, and in error
/// bodies as `requestId`, so that a user's report can be matched with the server's log.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        // Hummingbird already numbers each request; that number is the id unless the caller brought one.
        let id = request.headers[.requestID].flatMap { Self.isToken($0) ? $0 : nil } ?? "req_" + context.id
        var context = context
        context.logger[metadataKey: Self.metadataKey] = "\(id)"
        var response = try await next(request, context)
        response.headers[.requestID] = id
        return response
    }

    /// The logger's metadata key of the id, where error bodies find it too.
    static let metadataKey = "request_id"

    static func isToken(_ value: String) -> Bool {
        (1...128).contains(value.utf8.count)
            && value.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                    UInt8(ascii: ":"):
                    true
                default:
                    false
                }
            }
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
}
