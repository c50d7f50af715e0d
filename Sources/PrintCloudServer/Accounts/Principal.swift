import PrintCloudProtocol

/// Who is calling: the account and key an authenticated request acts for.
public struct Principal: Sendable, Equatable {
    public var accountID: String
    public var keyID: String
    public var permission: Permission
}
