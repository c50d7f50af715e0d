/// The body of every API error: `{"code": "Unauthorized", "message": "Authentication required"}`.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
