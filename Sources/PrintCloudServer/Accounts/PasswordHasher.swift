import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run on NIO's thread pool: it is slow on purpose and must not block Swift's cooperative pool.
public struct PasswordHasher: Sendable {
    public var cost: UInt8

    public init(cost: UInt8 = 12) {
        self.cost = cost
    }

    /// Whether bcrypt sees all of `password`: it reads at most 72 bytes and stops at a NUL, so two passwords
    /// that differ only past either would match the same hash.
    static func isHashable(_ password: String) -> Bool {
        password.utf8.count <= 72 && !password.utf8.contains(0)
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// A well-formed hash of this cost that no password matches: checking against it costs what a real
    /// check costs.
    var unmatchableHash: String { "$2b$" + (cost < 10 ? "0" : "") + "\(cost)$" + String(repeating: "x", count: 53) }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
