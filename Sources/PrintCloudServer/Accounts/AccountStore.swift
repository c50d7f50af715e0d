import Foundation

/// Accounts and their users.
public protocol AccountStore: Sendable {
    /// Creates an account with its first user and first key, all or nothing.
    /// Throws `StoreError.duplicate("email")` if the email is taken.
    func createAccount(id: String, createdAt: Date, owner: UserRecord, key: APIKeyRecord) async throws
    /// The user with this (lower-cased) email.
    func user(email: String) async throws -> UserRecord?
    func user(id: String) async throws -> UserRecord?
    /// The account's first user.
    func owner(accountID: String) async throws -> UserRecord?
    /// Whether any account exists (for the first-start bootstrap).
    func hasAccounts() async throws -> Bool
}
