import Foundation
import Synchronization
import Testing

@testable import PrintCloudServer

@Suite struct RecentReadsTests {
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

    @Test func aRecordIsReadOnceWithinItsLifetimeAndAgainOnceForgotten() async throws {
        let cache = RecentReads<APIKeyRecord>(lifetime: .seconds(600))
        let loads = Loads()
        for _ in 0..<3 {
            #expect(try await cache.value(for: "h1") { loads.load(Self.record) } == Self.record)
        }
        #expect(loads.made == 1)
        cache.forget { $0.id == "key_1" }
        #expect(try await cache.value(for: "h1") { loads.load(nil) } == nil)
        #expect(loads.made == 2)
    }

    @Test func aRecordNotFoundIsNotRemembered() async throws {
        let cache = RecentReads<APIKeyRecord>(lifetime: .seconds(600))
        let loads = Loads()
        #expect(try await cache.value(for: "h1") { loads.load(nil) } == nil)
        #expect(try await cache.value(for: "h1") { loads.load(Self.record) } == Self.record)
        #expect(loads.made == 2)
    }

    @Test func aReadThatAForgetOvertookIsNotRemembered() async throws {
        let cache = RecentReads<APIKeyRecord>(lifetime: .seconds(600))
        let loads = Loads()
        // The read began before the key was revoked and ends after: its answer serves that request only.
        #expect(
            try await cache.value(for: "h1") {
                cache.forget { $0.id == "key_1" }
                return loads.load(Self.record)
            } == Self.record)
        #expect(try await cache.value(for: "h1") { loads.load(nil) } == nil)
        #expect(loads.made == 2)
    }

    @Test func aZeroLifetimeReadsEveryTimeAndAFullCacheStartsAgain() async throws {
        let uncached = RecentReads<APIKeyRecord>(lifetime: .zero)
        let loads = Loads()
        for _ in 0..<3 { _ = try await uncached.value(for: "h1") { loads.load(Self.record) } }
        #expect(loads.made == 3)

        let small = RecentReads<APIKeyRecord>(lifetime: .seconds(600), capacity: 2)
        let smallLoads = Loads()
        for hash in ["a", "b", "c", "a"] { _ = try await small.value(for: hash) { smallLoads.load(Self.record) } }
        // "c" found the cache full and emptied it, so "a" was read again.
        #expect(smallLoads.made == 4)
    }

    @Test func forgettingDropsOnlyTheRecordsThatChanged() async throws {
        let cache = RecentReads<APIKeyRecord>(lifetime: .seconds(600))
        var other = Self.record
        other.id = "key_2"
        let loads = Loads()
        _ = try await cache.value(for: "h1") { loads.load(Self.record) }
        _ = try await cache.value(for: "h2") { loads.load(other) }
        cache.forget { $0.id == "key_1" }
        #expect(try await cache.value(for: "h2") { loads.load(nil) } == other)
        #expect(try await cache.value(for: "h1") { loads.load(nil) } == nil)
        #expect(loads.made == 3)
    }
}
