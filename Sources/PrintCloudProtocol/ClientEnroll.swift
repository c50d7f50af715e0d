/// `POST /api/client/enroll` request: an office computer gives the enrollment code it was handed.
public struct ClientEnrollRequest: Codable, Sendable, Equatable {
    public var code: String
    /// The computer's name, which names the key it gets.
    public var name: String?

    public init(code: String, name: String?) {
        self.code = code
        self.name = name
    }
}

/// `POST /api/client/enroll` answer: the computer's own full API key.
public struct ClientEnrollResponse: Codable, Sendable, Equatable {
    public var apiKey: String
    public var keyId: String
    public var accountId: String

    public init(apiKey: String, keyId: String, accountId: String) {
        self.apiKey = apiKey
        self.keyId = keyId
        self.accountId = accountId
    }
}
