import Foundation

/// Dashboard sessions, in the database so that any instance serves any session and a revocation holds on all.
public protocol DashboardSessionStore: Sendable {
    func insert(_ session: DashboardSessionRecord) async throws
    func session(tokenHash: String) async throws -> DashboardSessionRecord?
    func touch(id: String, at date: Date) async throws
    func revoke(id: String, at date: Date) async throws
    /// Deletes the sessions that can no longer open anything: revoked, created before `createdBefore`, or
    /// unused since `lastSeenBefore`. How many.
    func deleteEnded(createdBefore: Date, lastSeenBefore: Date) async throws -> Int
    /// Revokes the user's other live sessions (after a password change).
    func revokeOthers(userID: String, keeping id: String, at date: Date) async throws
}
