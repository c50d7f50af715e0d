import Foundation
import PrintCloudProtocol

/// An API key as stored: only the SHA-256 of the key, never the key itself.
public struct APIKeyRecord: Sendable, Equatable {
    public var id: String
    public var accountID: String
    public var keyHash: String
    public var description: String
    public var permission: Permission
    public var createdAt: Date
    /// Recorded at most once an hour (`KeyUse`), so a key's every request is not a write.
    public var lastUsedAt: Date? = nil
}

/// A key just made: the only moment its secret exists outside its holder.
public struct IssuedAPIKey: Sendable, Equatable {
    public var record: APIKeyRecord
    public var key: String
}
