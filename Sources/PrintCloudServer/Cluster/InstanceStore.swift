import Foundation

/// The server instances sharing a database, each with its last heartbeat. An instance whose heartbeat is
/// older than the others' patience is dead: its rows go, and its computers are marked offline.
public protocol InstanceStore: Sendable {
    /// Records this instance's heartbeat, forgets the others last seen before `staleBefore`, and answers how
    /// many instances are alive (this one included).
    func beat(instanceID: String, at: Date, staleBefore: Date) async throws -> Int
    /// Records that this instance's sockets are alive now: the `lastSeenAt` of its connected computers.
    func sawSockets(instanceID: String, at: Date) async throws
    /// Forgets this instance (it is shutting down).
    func remove(instanceID: String) async throws
}
