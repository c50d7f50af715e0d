/// The body of every API error: `{"code": "Unauthorized", "message": "Authentication required"}`.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public var code: String
    public var message: String
    /// The request's `X-Request-Id`, to match a report with the server's log.
    public var requestId: String?

    public init(code: String, message: String, requestId: String? = nil) {
        self.code = code
        self.message = message
        self.requestId = requestId
    }
}
