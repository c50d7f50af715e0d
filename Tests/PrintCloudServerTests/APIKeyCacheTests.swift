import Foundation
import Synchronization
import Testing

@testable import PrintCloudServer

@Suite struct APIKeyCacheTests {
    static let record = APIKeyRecord(
        id: "key_1", accountID: "acc_1", keyHash: "h1", description: "", permission: .full, createdAt: Date())

    /// Counts the reads of the database the cache makes.
    final class Loads: Sendable {
        let count = Mutex(0)
        func load(_ answer: APIKeyRecord?) -> APIKeyRecord? {
            count.withLock { $0 += 1 }
            return answer
        }
        var made: Int { count.withLock { $0 } }
    }

    @Test func aVerifiedKeyIsReadOnceWithinItsLifetimeAndAgainOnceForgotten() async throws {
        let cache = APIKeyCache(lifetime: .seconds(600))
        let loads = Loads()
        for _ in 0..<3 {
            #expect(try await cache.key(hash: "h1") { loads.load(Self.record) } == Self.record)
        }
        #expect(loads.made == 1)
        cache.forget(keyID: "key_1")
        #expect(try await cache.key(hash: "h1") { loads.load(nil) } == nil)
        #expect(loads.made == 2)
    }

    @Test func anUnknownKeyIsNotRemembered() async throws {
        let cache = APIKeyCache(lifetime: .seconds(600))
        let loads = Loads()
        #expect(try await cache.key(hash: "h1") { loads.load(nil) } == nil)
        #expect(try await cache.key(hash: "h1") { loads.load(Self.record) } == Self.record)
        #expect(loads.made == 2)
    }

    @Test func aReadThatARevocationOvertookIsNotRemembered() async throws {
        let cache = APIKeyCache(lifetime: .seconds(600))
        let loads = Loads()
        // The read began before the key was revoked and ends after: its answer serves that request only.
        #expect(
            try await cache.key(hash: "h1") {
                cache.forget(keyID: "key_1")
                return loads.load(Self.record)
            } == Self.record)
        #expect(try await cache.key(hash: "h1") { loads.load(nil) } == nil)
        #expect(loads.made == 2)
    }

    @Test func aZeroLifetimeReadsEveryTimeAndAFullCacheStartsAgain() async throws {
        let uncached = APIKeyCache(lifetime: .zero)
        let loads = Loads()
        for _ in 0..<3 { _ = try await uncached.key(hash: "h1") { loads.load(Self.record) } }
        #expect(loads.made == 3)

        let small = APIKeyCache(lifetime: .seconds(600), capacity: 2)
        let smallLoads = Loads()
        for hash in ["a", "b", "c", "a"] { _ = try await small.key(hash: hash) { smallLoads.load(Self.record) } }
        // "c" found the cache full and emptied it, so "a" was read again.
        #expect(smallLoads.made == 4)
    }
}
