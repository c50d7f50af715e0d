import Foundation

/// API keys, looked up by the hash of the key.
public protocol APIKeyStore: Sendable {
    func insert(_ key: APIKeyRecord) async throws
    func key(hash: String) async throws -> APIKeyRecord?
    /// The account's keys, oldest first.
    func keys(accountID: String) async throws -> [APIKeyRecord]
    func markUsed(id: String, at date: Date) async throws
    /// Deletes the key if it belongs to the account; whether it did.
    func delete(id: String, accountID: String) async throws -> Bool
}
