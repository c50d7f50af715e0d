import Foundation
import Logging
import PrintCloudProtocol
import Prometheus

/// The rules for accounts, users and API keys: creating them, signing in, authenticating a key.
/// Knows nothing of HTTP.
public struct AccountService: Sendable {
    let accounts: any AccountStore
    let apiKeys: any APIKeyStore
    let passwords: PasswordHasher
    let clock: WallClock
    let loginThrottle: LoginThrottle
    /// Verified keys by their hash. A revoked key is refused at once here (`revokeKey`), on the other instances
    /// as soon as the cluster bus tells them, and everywhere once the lifetime has passed, should that message
    /// be lost or another process have deleted the key's row.
    let keyCache: RecentReads<APIKeyRecord>
    let keyUse = KeyUse()

    /// `keyCacheLifetime`: how long a verified key is trusted without reading it again.
    public init(storage: Storage, passwords: PasswordHasher, clock: WallClock, keyCacheLifetime: Duration = .zero) {
        self.accounts = storage.accounts
        self.apiKeys = storage.apiKeys
        self.passwords = passwords
        self.clock = clock
        self.loginThrottle = LoginThrottle(clock: clock)
        self.keyCache = RecentReads(lifetime: keyCacheLifetime)
    }

    /// A new account with its first user and a full API key.
    public func createAccount(
        email: String, password: String, firstName: String = "", lastName: String = ""
    ) async throws -> (user: UserRecord, key: IssuedAPIKey) {
        let accountID = Identifiers.make("acc_")
        let user = try await newUser(
            accountID: accountID, email: email, password: password, firstName: firstName, lastName: lastName)
        let key = issueKey(accountID: accountID, description: "Initial key", permission: .full)
        do {
            try await accounts.createAccount(id: accountID, createdAt: user.createdAt, owner: user, key: key.record)
        } catch StoreError.duplicate {
            throw Self.emailInUse(user.email)
        }
        return (user, key)
    }

    /// Another user of an existing account (the dashboard's Account page).
    public func addUser(accountID: String, email: String, password: String, firstName: String, lastName: String)
        async throws -> UserRecord
    {
        let user = try await newUser(
            accountID: accountID, email: email, password: password, firstName: firstName, lastName: lastName)
        do {
            try await accounts.insertUser(user)
        } catch StoreError.duplicate {
            throw Self.emailInUse(user.email)
        }
        return user
    }

    public func users(accountID: String) async throws -> [UserRecord] {
        try await accounts.users(accountID: accountID)
    }

    /// Removes a user of the account; never the one asking (`byUserID`), so an account always keeps one.
    public func removeUser(id: String, accountID: String, byUserID: String) async throws {
        guard id != byUserID else {
            throw ServiceError.invalid("user", "you cannot remove yourself; another user of the account can")
        }
        guard try await accounts.deleteUser(id: id, accountID: accountID) else {
            throw ServiceError.notFound("No user \(id)")
        }
    }

    public func rename(_ user: UserRecord, firstName: String, lastName: String) async throws -> UserRecord {
        try TextLength.check(firstName, field: "firstName", max: 100)
        try TextLength.check(lastName, field: "lastName", max: 100)
        try await accounts.rename(userID: user.id, firstName: firstName, lastName: lastName)
        var user = user
        user.firstName = firstName
        user.lastName = lastName
        return user
    }

    /// Sets a new password once the current one is given (a session left open is not enough to take over).
    public func changePassword(_ user: UserRecord, current: String, new: String) async throws {
        guard PasswordHasher.isHashable(current), try await passwords.verify(current, hash: user.passwordHash) else {
            throw ServiceError.invalid("currentPassword", "is not your current password")
        }
        try Self.checkPassword(new)
        try await accounts.setPasswordHash(try await passwords.hash(new), userID: user.id)
    }

    private func newUser(accountID: String, email: String, password: String, firstName: String, lastName: String)
        async throws -> UserRecord
    {
        let email = try Self.validatedEmail(email)
        try Self.checkPassword(password)
        try TextLength.check(firstName, field: "firstName", max: 100)
        try TextLength.check(lastName, field: "lastName", max: 100)
        return UserRecord(
            id: Identifiers.make("usr_"), accountID: accountID, email: email, firstName: firstName,
            lastName: lastName, passwordHash: try await passwords.hash(password), createdAt: clock.now())
    }

    private static func checkPassword(_ password: String) throws {
        guard password.unicodeScalars.count >= 8 else {
            throw ServiceError.invalid("password", "must be at least 8 characters")
        }
        guard PasswordHasher.isHashable(password) else {
            throw ServiceError.invalid("password", "must be at most 72 bytes (bcrypt's limit), with no NUL character")
        }
    }

    private static func emailInUse(_ email: String) -> ServiceError {
        ServiceError(.conflict, "email: \(email) is already in use", field: "email")
    }

    /// On an empty database, creates the initial account with a generated password; nil otherwise.
    public func createInitialAccountIfEmpty(email: String = "admin@printcloud.local") async throws
        -> (user: UserRecord, password: String, key: IssuedAPIKey)?
    {
        guard try await !accounts.hasAccounts() else { return nil }
        let password = Identifiers.newPassword()
        do {
            let created = try await createAccount(email: email, password: password, firstName: "Admin")
            return (created.user, password, created.key)
        } catch let error as ServiceError where error.code == .conflict {
            return nil  // another instance starting on the same empty database created it first
        }
    }

    /// Signs a user in with email and password and issues a new full key (for the desktop client).
    /// Failed attempts are throttled per email and per `clientAddress`.
    public func login(email: String, password: String, clientAddress: String?) async throws
        -> (user: UserRecord, key: IssuedAPIKey)
    {
        let user = try await verifyPassword(email: email, password: password, clientAddress: clientAddress)
        let key = issueKey(accountID: user.accountID, description: "Desktop client sign-in", permission: .full)
        try await apiKeys.insert(key.record)
        return (user, key)
    }

    /// The user whose email and password these are, for any sign-in (the desktop client's, the dashboard's).
    /// Failed attempts are throttled per email and per `clientAddress`.
    func verifyPassword(email: String, password: String, clientAddress: String?) async throws -> UserRecord {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        if let wait = await loginThrottle.takeAttempt(email: email, address: clientAddress) {
            Metrics.loginThrottled.increment()
            throw ServiceError(.tooManyAttempts, "Too many failed sign-ins; try again later", retryAfterSeconds: wait)
        }
        // bcrypt reads at most 72 bytes and stops at a NUL: such a password could only match by ignoring part
        // of it, so it matches nothing (no password is created that way either).
        guard PasswordHasher.isHashable(password) else {
            Metrics.loginFailures.increment()
            throw ServiceError(.unauthorized, "Invalid email or password")
        }
        // PostgreSQL cannot compare text holding a NUL: no email has one, so such a user is simply unknown.
        let user = email.contains("\0") ? nil : try await accounts.user(email: email)
        // Check a password even for an unknown email, so timing does not tell which emails exist.
        let valid = try await passwords.verify(password, hash: user?.passwordHash ?? passwords.unmatchableHash)
        guard let user, valid else {
            Metrics.loginFailures.increment()
            throw ServiceError(.unauthorized, "Invalid email or password")
        }
        await loginThrottle.giveBack(email: email, address: clientAddress)
        return user
    }

    func user(id: String) async throws -> UserRecord? {
        try await accounts.user(id: id)
    }

    /// The principal a key acts for, or nil for an unknown or revoked key.
    /// Looked up by SHA-256, through `keyCache`: a revocation made here holds from the next request on.
    public func authenticate(apiKey: String) async throws -> Principal? {
        guard apiKey.hasPrefix("pk_live_"), apiKey.utf8.count <= 200 else { return nil }
        let hash = Identifiers.hash(apiKey: apiKey)
        guard let record = try await keyCache.value(for: hash, load: { try await apiKeys.key(hash: hash) }) else {
            return nil
        }
        let now = clock.now()
        if keyUse.claim(record, at: now) {
            // Only what the keys page shows: a failed write must not refuse the request it records.
            try? await apiKeys.markUsed(id: record.id, at: now)
        }
        return Principal(accountID: record.accountID, keyID: record.id, permission: record.permission)
    }

    /// A new key for the account of the user with `email` (the `keys create` command).
    public func createKey(forEmail email: String, description: String, permission: String) async throws
        -> IssuedAPIKey
    {
        try await createKey(accountID: accountID(forEmail: email), description: description, permission: permission)
    }

    /// The account of the user with `email`, for the administration commands that name an account so.
    public func accountID(forEmail email: String) async throws -> String {
        guard let user = try await accounts.user(email: email.trimmingCharacters(in: .whitespaces).lowercased())
        else { throw ServiceError.notFound("No user with email \(email)") }
        return user.accountID
    }

    public func createKey(accountID: String, description: String, permission: String) async throws -> IssuedAPIKey {
        guard let permission = Permission(rawValue: permission) else {
            throw ServiceError.invalid("permission", "must be one of full, print_only, read_only")
        }
        try TextLength.check(description, field: "description", max: 200)
        let key = issueKey(accountID: accountID, description: description, permission: permission)
        try await apiKeys.insert(key.record)
        return key
    }

    public func keys(accountID: String) async throws -> [APIKeyRecord] {
        try await apiKeys.keys(accountID: accountID)
    }

    public func revokeKey(id: String, accountID: String) async throws {
        guard try await apiKeys.delete(id: id, accountID: accountID) else {
            throw ServiceError.notFound("No API key \(id)")
        }
        keyCache.forget { $0.id == id }
    }

    public func owner(accountID: String) async throws -> UserRecord? {
        try await accounts.owner(accountID: accountID)
    }

    private func issueKey(accountID: String, description: String, permission: Permission) -> IssuedAPIKey {
        let key = Identifiers.newAPIKey()
        let record = APIKeyRecord(
            id: Identifiers.make("key_"), accountID: accountID, keyHash: Identifiers.hash(apiKey: key),
            description: description, permission: permission, createdAt: clock.now())
        return IssuedAPIKey(record: record, key: key)
    }

    private static func validatedEmail(_ email: String) throws -> String {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, email.utf8.count <= 254,
            !email.contains(where: \.isWhitespace), !TextLength.hasNUL(email)
        else { throw ServiceError.invalid("email", "must be an email address such as user@example.com") }
        return email
    }
}
