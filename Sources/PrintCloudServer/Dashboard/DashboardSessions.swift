import Foundation

/// Signing people in to the dashboard with their account's email and password (the users and the throttle of
/// `POST /api/client/login`), and finding their session again from the cookie. A session ends at sign-out, at
/// revocation, after `idle` without a request, and `absolute` after sign-in whatever happens.
public struct DashboardSessions: Sendable {
    let store: any DashboardSessionStore
    let accounts: AccountService
    let clock: WallClock
    var idle: TimeInterval = 30 * 60
    var absolute: TimeInterval = 12 * 3600
    /// How stale `last_seen_at` may be before a request writes it again: not a write per page view.
    var touchEvery: TimeInterval = 60

    /// A signed-in person: their session and who they are.
    public struct SignedIn: Sendable {
        public let session: DashboardSessionRecord
        public let user: UserRecord
    }

    /// A new session for this email and password, and the token for its cookie.
    func signIn(email: String, password: String, clientAddress: String?) async throws
        -> (session: DashboardSessionRecord, token: String)
    {
        let user = try await accounts.verifyPassword(email: email, password: password, clientAddress: clientAddress)
        let token = Identifiers.newSessionToken()
        let now = clock.now()
        let session = DashboardSessionRecord(
            id: Identifiers.make("ses_"), tokenHash: Identifiers.hash(apiKey: token), accountID: user.accountID,
            userID: user.id, csrfToken: Identifiers.newSessionToken(), createdAt: now, lastSeenAt: now)
        try await store.insert(session)
        return (session, token)
    }

    /// The live session this cookie token opens, or nil (unknown, revoked, or expired).
    /// `touching`: whether this request counts as the person's activity (a page's live feed does not).
    func session(token: String, touching: Bool = true) async throws -> SignedIn? {
        guard token.utf8.count == 40, token.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard let session = try await store.session(tokenHash: Identifiers.hash(apiKey: token)),
            session.revokedAt == nil
        else { return nil }
        let now = clock.now()
        guard now.timeIntervalSince(session.lastSeenAt) < idle, now.timeIntervalSince(session.createdAt) < absolute
        else { return nil }
        guard let user = try await accounts.user(id: session.userID) else { return nil }
        if touching, now.timeIntervalSince(session.lastSeenAt) >= touchEvery {
            try await store.touch(id: session.id, at: now)
        }
        return SignedIn(session: session, user: user)
    }

    func signOut(_ session: DashboardSessionRecord) async throws {
        try await store.revoke(id: session.id, at: clock.now())
    }

    /// Deletes the rows of sessions that ended (signed out, revoked, or expired); how many.
    func sweep() async throws -> Int {
        let now = clock.now()
        return try await store.deleteEnded(
            createdBefore: now.addingTimeInterval(-absolute), lastSeenBefore: now.addingTimeInterval(-idle))
    }

    /// Signs the person out everywhere else: a password change shuts out whoever knew the old one.
    func signOutOthers(_ session: DashboardSessionRecord) async throws {
        try await store.revokeOthers(userID: session.userID, keeping: session.id, at: clock.now())
    }
}
