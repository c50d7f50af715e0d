import Foundation

/// A person signed in to the dashboard in one browser, until they sign out, it is revoked, or it expires.
public struct DashboardSessionRecord: Sendable, Equatable {
    public var id: String
    /// The SHA-256 of the cookie's token; the token itself only the browser has.
    public var tokenHash: String
    public var accountID: String
    public var userID: String
    /// Every form of the session carries it back, so a page of another site cannot post one.
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var revokedAt: Date?
}
