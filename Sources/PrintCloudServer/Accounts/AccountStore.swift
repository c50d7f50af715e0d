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
    /// The account's users, oldest first.
    func users(accountID: String) async throws -> [UserRecord]
    /// Adds a user to an existing account. Throws `StoreError.duplicate("email")` if the email is taken.
    func insertUser(_ user: UserRecord) async throws
    /// Writes the user's name (nothing else: a rename never undoes a password change made meanwhile).
    func rename(userID: String, firstName: String, lastName: String) async throws
    func setPasswordHash(_ hash: String, userID: String) async throws
    /// Removes the account's user; false if it has no such user.
    func deleteUser(id: String, accountID: String) async throws -> Bool
    /// Whether any account exists (for the first-start bootstrap).
    func hasAccounts() async throws -> Bool
}
