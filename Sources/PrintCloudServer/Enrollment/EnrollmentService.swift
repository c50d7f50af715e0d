import Foundation
import PrintCloudProtocol

/// The rules for enrollment codes: a full key of an account makes one (single use, expiring), an office computer
/// exchanges it for a `full` key of its own, without anyone typing a password there. Knows nothing of HTTP.
public struct EnrollmentService: Sendable {
    let codes: any EnrollmentCodeStore
    let clock: WallClock
    /// Failed exchanges, throttled per client address as failed sign-ins are (every guess is a new code, so
    /// only the address can be counted).
    let throttle: LoginThrottle

    /// The one answer to a code that cannot be exchanged, whatever the reason: it tells a guesser nothing.
    static let refused = ServiceError(.unauthorized, "Invalid, used or expired enrollment code")

    /// How long a code lasts when its maker does not say, and at most.
    static let defaultLifetime = 24 * 3600
    static let maximumLifetime = 30 * 24 * 3600

    public init(storage: Storage, clock: WallClock) {
        self.codes = storage.enrollmentCodes
        self.clock = clock
        self.throttle = LoginThrottle(clock: clock)
    }

    /// A new code for the account, lasting `expireAfter` seconds (1 minute to 30 days; 24 hours by default).
    public func create(accountID: String, description: String, expireAfter: Int?) async throws -> IssuedEnrollmentCode {
        try TextLength.check(description, field: "description", max: 200)
        let lifetime = expireAfter ?? Self.defaultLifetime
        guard (60...Self.maximumLifetime).contains(lifetime) else {
            throw ServiceError.invalid("expireAfter", "must be 60 to \(Self.maximumLifetime) seconds")
        }
        let code = Identifiers.newEnrollmentCode()
        let now = clock.now()
        let record = EnrollmentCodeRecord(
            id: Identifiers.make("enc_"), accountID: accountID, codeHash: Identifiers.hash(apiKey: code),
            description: description, createdAt: now, expiresAt: now.addingTimeInterval(Double(lifetime)),
            usedAt: nil, keyID: nil)
        try await codes.insert(record)
        return IssuedEnrollmentCode(record: record, code: code)
    }

    /// The account's codes, each with its state now: `unused`, `used` or `expired`.
    public func codes(accountID: String) async throws -> [(code: EnrollmentCodeRecord, state: String)] {
        let now = clock.now()
        return try await codes.codes(accountID: accountID).map { ($0, $0.state(at: now)) }
    }

    public func revoke(id: String, accountID: String) async throws {
        guard try await codes.delete(id: id, accountID: accountID) else {
            throw ServiceError.notFound("No enrollment code \(id)")
        }
    }

    /// Exchanges a code for a new `full` key of its account, named after `computerName`; the code is used up.
    public func enroll(code: String, computerName: String, clientAddress: String?) async throws -> IssuedAPIKey {
        try TextLength.check(computerName, field: "name", max: 150)
        let name = computerName.trimmingCharacters(in: .whitespacesAndNewlines)
        if let wait = await throttle.takeAttempt(address: clientAddress) {
            throw ServiceError(
                .tooManyAttempts, "Too many failed enrollments; try again later", retryAfterSeconds: wait)
        }
        // A code is never longer than what `newEnrollmentCode` makes: anything else is not hashed.
        guard code.hasPrefix(Identifiers.enrollmentCodePrefix), code.utf8.count <= 100 else {
            throw Self.refused
        }
        let hash = Identifiers.hash(apiKey: code)
        let now = clock.now()
        let description = name.isEmpty ? "Enrolled computer" : "Enrolled computer \(name)"
        // Made before the code's account is known; only its hash is stored.
        let secret = Identifiers.newAPIKey()
        let keyID = Identifiers.make("key_")
        let stored = try await codes.redeem(hash: hash, at: now) { accountID in
            APIKeyRecord(
                id: keyID, accountID: accountID, keyHash: Identifiers.hash(apiKey: secret), description: description,
                permission: .full, createdAt: now)
        }
        guard let stored else {
            throw Self.refused
        }
        await throttle.giveBack(address: clientAddress)
        return IssuedAPIKey(record: stored, key: secret)
    }
}
