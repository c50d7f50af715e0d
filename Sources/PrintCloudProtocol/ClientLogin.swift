/// `POST /api/client/login` request: the desktop client signs in with email and password.
public struct ClientLoginRequest: Codable, Sendable, Equatable {
    public var email: String
    public var password: String

    public init(email: String, password: String) {
        self.email = email
        self.password = password
    }
}

/// `POST /api/client/login` answer: a new full API key for the desktop client.
public struct ClientLoginResponse: Codable, Sendable, Equatable {
    public var success: Bool
    public var apiKey: String
    public var user: UserInfo

    public init(success: Bool = true, apiKey: String, user: UserInfo) {
        self.success = success
        self.apiKey = apiKey
        self.user = user
    }
}
