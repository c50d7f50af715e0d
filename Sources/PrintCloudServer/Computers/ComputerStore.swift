import Foundation
import PrintCloudProtocol

/// Computers and their printers.
public protocol ComputerStore: Sendable {
    /// Finds the signing-in computer (by the id it sent back if that is the account's, else by name in the
    /// account) or creates it with `newID`, and marks it online, in one write.
    func signIn(_ signIn: ComputerSignIn, newID: String) async throws -> ComputerRecord
    /// Replaces the computer's printers with `reports` in one write: a printer keeps its id while its name is
    /// reported; one not reported any more is removed; `newID` names new ones. Moves `lastSeenAt`.
    func replacePrinters(
        computerID: String, reports: [PrinterReport], at: Date, newID: @escaping @Sendable () -> String
    ) async throws -> [PrinterRecord]
    /// Marks the computer offline if `connectionID` is still its latest connection.
    func markOffline(computerID: String, connectionID: String, at: Date) async throws
    /// The connections whose computer is no longer signed in on them (it signed in again elsewhere, or was
    /// deleted).
    func stale(_ connections: [ComputerConnection]) async throws -> [ComputerConnection]
    /// Marks offline, with their events, the online computers whose instance is gone from the instances
    /// table; how many.
    func markOrphansOffline(at: Date) async throws -> Int
    func computers(accountID: String) async throws -> [ComputerRecord]
    func computer(id: String, accountID: String) async throws -> ComputerRecord?
    /// The account's current printers, of one computer if `computerID` is given.
    func printers(accountID: String, computerID: String?) async throws -> [PrinterRecord]
    func printer(id: String, accountID: String) async throws -> PrinterRecord?
    /// Deletes these computers of the account with their printers; the ids that were deleted.
    func delete(computerIDs: [String], accountID: String) async throws -> [String]
}

/// A computer's socket: which connection signed it in.
public struct ComputerConnection: Sendable, Hashable {
    public var computerID: String
    public var connectionID: String
}
