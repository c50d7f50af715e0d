/// A user as the API shows it (`POST /api/client/login`, `users create`, `GET /api/whoami`).
public struct UserInfo: Codable, Sendable, Equatable {
    public var id: String
    public var firstName: String
    public var lastName: String
    public var email: String

    public init(id: String, firstName: String, lastName: String, email: String) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
    }
}
