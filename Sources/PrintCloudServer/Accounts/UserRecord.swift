import Foundation
import PrintCloudProtocol

/// A user as stored: a member of one account, signing in with email and a bcrypt password hash.
public struct UserRecord: Sendable, Equatable {
    public var id: String
    public var accountID: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var passwordHash: String
    public var createdAt: Date

    public var info: UserInfo {
        UserInfo(id: id, firstName: firstName, lastName: lastName, email: email)
    }
}
