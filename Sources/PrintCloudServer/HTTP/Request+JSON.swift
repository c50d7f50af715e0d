import Foundation
import Hummingbird
import NIOFoundationCompat

extension Request {
    /// Decodes a JSON body of at most `limit` bytes. Errors name the offending field.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: AppRequestContext, limit: Int) async throws -> T {
        guard headers[.contentType].map(JSONContentType.isJSON) == true else { throw JSONContentType.unsupported }
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
            // No copy: a print job's body can be tens of megabytes.
            let data =
                body.getData(at: body.readerIndex, length: body.readableBytes, byteTransferStrategy: .noCopy)
                ?? Data()
            if let refusal = JSONDuplicateKeys.refusal(of: data) { throw APIError(.badRequest, refusal) }
            return try context.requestDecoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError(.badRequest, error.fieldMessage)
        }
    }

    private static func bodyTooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "Request body is larger than the limit of \(limit) bytes")
    }
}
