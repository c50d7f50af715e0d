import Foundation

/// Slows password guessing on `POST /api/client/login` without locking the real user out. Failed attempts
/// are counted in token buckets at three levels:
/// - per email *and* client address, tight (5 at once, then one every 12 s): one source guessing one account;
/// - per client address, looser (20, then one every 12 s): one source trying many accounts, while an office
///   behind one NAT address can still sign in;
/// - per email from anywhere, much higher (100, then one every 36 s): guessing spread over many addresses.
/// So five wrong passwords from one address do not stop the right password from another address.
/// An empty bucket refuses the attempt before the password is checked. Every attempt takes a token from each
/// level up front, so guesses sent at once cannot all pass while the first are still being checked; a
/// successful one gets them back.
actor LoginThrottle {
    /// The size and refill of one level's buckets.
    struct Limit: Sendable {
        var burst: Double
        var refillPerSecond: Double

        static let emailAndAddress = Limit(burst: 5, refillPerSecond: 1.0 / 12)
        static let address = Limit(burst: 20, refillPerSecond: 1.0 / 12)
        static let email = Limit(burst: 100, refillPerSecond: 1.0 / 36)
    }

    private let clock: WallClock
    private var buckets: [String: TokenBucket] = [:]

    init(clock: WallClock) {
        self.clock = clock
    }

    /// The buckets an attempt for `email` from `address` draws on, with their limits.
    static func subjects(email: String, address: String?) -> [(key: String, limit: Limit)] {
        [
            ("email+address:\(email) \(address ?? "unknown")", .emailAndAddress), subject(address: address),
            ("email:\(email)", .email),
        ]
    }

    /// The bucket of one client address, whatever it tries.
    static func subject(address: String?) -> (key: String, limit: Limit) {
        ("address:\(address ?? "unknown")", .address)
    }

    /// Takes an attempt from each bucket of `email` and `address`; nil then. If any has none left, takes
    /// nothing and returns the seconds to wait.
    func takeAttempt(email: String, address: String?) -> Int? {
        take(from: Self.subjects(email: email, address: address))
    }

    /// The same, for a guess at a secret that names no account (an enrollment code): its address alone counts.
    func takeAttempt(address: String?) -> Int? {
        take(from: [Self.subject(address: address)])
    }

    private func take(from subjects: [(key: String, limit: Limit)]) -> Int? {
        let now = clock.now()
        var taken = subjects.map {
            buckets[$0.key]
                ?? TokenBucket(capacity: $0.limit.burst, refillPerSecond: $0.limit.refillPerSecond, now: now)
        }
        if let wait = taken.filter({ $0.tokens(at: now) < 1 }).map({ $0.secondsUntilNextToken(at: now) }).max() {
            return wait
        }
        for index in taken.indices {
            _ = taken[index].take(now: now)
            buckets[subjects[index].key] = taken[index]
        }
        // A full bucket is the same as none: forget those so memory stays bounded.
        if buckets.count > 10_000 {
            buckets = buckets.filter { $0.value.tokens(at: now) < $0.value.capacity }
        }
        return nil
    }

    /// A successful sign-in: its attempt does not count.
    func giveBack(email: String, address: String?) {
        giveBack(Self.subjects(email: email, address: address))
    }

    func giveBack(address: String?) {
        giveBack([Self.subject(address: address)])
    }

    private func giveBack(_ subjects: [(key: String, limit: Limit)]) {
        let now = clock.now()
        for subject in subjects { buckets[subject.key]?.giveBack(now: now) }
    }
}
