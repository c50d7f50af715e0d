import Foundation
import Hummingbird

extension Request {
    /// Decodes a JSON body of at most `limit` bytes. Errors name the offending field.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: AppRequestContext, limit: Int) async throws -> T {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw Self.bodyTooLarge(limit)
        }
        var request = self
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.bodyTooLarge(limit)
        }
        guard body.readableBytes > 0 else { throw APIError(.badRequest, "A JSON body is required") }
        do {
            return try context.requestDecoder.decode(T.self, from: Data(body.readableBytesView))
        } catch let error as DecodingError {
            throw APIError(.badRequest, error.fieldMessage)
        }
    }

    private static func bodyTooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "Request body is larger than the limit of \(limit) bytes")
    }
}

extension DecodingError {
    /// A message naming the field at fault, such as `permission: expected a string`.
    var fieldMessage: String {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch self {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath, key)): is required"
        case .typeMismatch(let type, let context):
            return context.codingPath.isEmpty
                ? "The body must be a JSON object" : "\(path(context.codingPath)): expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(Self.describe(type)), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "The body is not valid JSON" : "\(path(context.codingPath)): invalid value"
        @unknown default:
            return "The body could not be read"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        default: "a value of another type"
        }
    }
}
