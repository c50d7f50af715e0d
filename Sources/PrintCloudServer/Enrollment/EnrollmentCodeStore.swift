import Foundation

/// Enrollment codes, looked up by the hash of the code.
public protocol EnrollmentCodeStore: Sendable {
    func insert(_ code: EnrollmentCodeRecord) async throws
    /// The account's codes, oldest first.
    func codes(accountID: String) async throws -> [EnrollmentCodeRecord]
    /// Deletes the code if it belongs to the account; whether it did.
    func delete(id: String, accountID: String) async throws -> Bool
    /// Exchanges the unused, unexpired code with this hash for the key `issue` makes for its account, in one
    /// transaction: the code is marked used and the key stored together. Nil when there is no such code.
    func redeem(
        hash: String, at date: Date, issue: @escaping @Sendable (_ accountID: String) -> APIKeyRecord
    ) async throws -> APIKeyRecord?
}
