import Foundation

/// A single-use code an account owner gives an office computer, which exchanges it for a key of its own.
public struct EnrollmentCodeRecord: Sendable, Equatable {
    public var id: String
    public var accountID: String
    /// The SHA-256 of the code; the code itself is shown once, when it is made.
    public var codeHash: String
    public var description: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?
    /// The key the code was exchanged for.
    public var keyID: String?

    /// `unused`, `used` or `expired`, as the API lists it.
    func state(at now: Date) -> String {
        if usedAt != nil { return "used" }
        return expiresAt <= now ? "expired" : "unused"
    }
}

/// A code as made: the record, and the code, shown this once.
public struct IssuedEnrollmentCode: Sendable {
    public let record: EnrollmentCodeRecord
    public let code: String
}
