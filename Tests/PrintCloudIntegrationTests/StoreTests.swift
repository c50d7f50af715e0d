import Foundation
import Logging
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// The account and key stores, the same tests on both engines.
@Suite(.timeLimit(.minutes(10))) struct StoreTests {
    func withStorage(_ engine: TestEngine, _ body: @escaping @Sendable (Storage) async throws -> Void) async throws {
        var logger = Logger(label: "store-test")
        logger.logLevel = .warning
        try await engine.withDatabase { name in
            try await Storage.withOpen(
                engine == .sqlite ? .sqlite(path: name) : .postgres(url: name), logger: logger, body)
        }
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func user(_ email: String, account: String) -> UserRecord {
        UserRecord(
            id: Identifiers.make("usr_"), accountID: account, email: email, firstName: "Grace", lastName: "Hopper",
            passwordHash: "$2b$04$hash", createdAt: now)
    }

    static func key(account: String, permission: Permission = .full, at date: Date = now) -> APIKeyRecord {
        APIKeyRecord(
            id: Identifiers.make("key_"), accountID: account,
            keyHash: Identifiers.hash(apiKey: Identifiers.newAPIKey()),
            description: "d", permission: permission, createdAt: date)
    }

    @Test(arguments: TestEngine.allCases)
    func createdAccountIsFoundByEmailAndOwner(engine: TestEngine) async throws {
        try await withStorage(engine) { storage in
            #expect(try await storage.accounts.hasAccounts() == false)
            let user = Self.user("grace@example.com", account: "acc_1")
            let key = Self.key(account: "acc_1")
            try await storage.accounts.createAccount(id: "acc_1", createdAt: Self.now, owner: user, key: key)

            #expect(try await storage.accounts.hasAccounts())
            #expect(try await storage.accounts.user(email: "grace@example.com") == user)
            #expect(try await storage.accounts.owner(accountID: "acc_1") == user)
            #expect(try await storage.accounts.user(email: "nobody@example.com") == nil)
            #expect(try await storage.apiKeys.key(hash: key.keyHash) == key)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func duplicateEmailFailsWholeAndWritesNothing(engine: TestEngine) async throws {
        try await withStorage(engine) { storage in
            try await storage.accounts.createAccount(
                id: "acc_1", createdAt: Self.now, owner: Self.user("a@example.com", account: "acc_1"),
                key: Self.key(account: "acc_1"))
            let secondKey = Self.key(account: "acc_2")
            await #expect(throws: StoreError.duplicate("email")) {
                try await storage.accounts.createAccount(
                    id: "acc_2", createdAt: Self.now, owner: Self.user("a@example.com", account: "acc_2"),
                    key: secondKey)
            }
            #expect(try await storage.apiKeys.key(hash: secondKey.keyHash) == nil)
            #expect(try await storage.accounts.owner(accountID: "acc_2") == nil)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func keysAreListedPerAccountAndDeletedOnlyByTheirAccount(engine: TestEngine) async throws {
        try await withStorage(engine) { storage in
            for account in ["acc_a", "acc_b"] {
                try await storage.accounts.createAccount(
                    id: account, createdAt: Self.now, owner: Self.user("\(account)@example.com", account: account),
                    key: Self.key(account: account))
            }
            let later = Self.key(account: "acc_a", permission: .readOnly, at: Self.now.addingTimeInterval(5))
            try await storage.apiKeys.insert(later)

            let keysOfA = try await storage.apiKeys.keys(accountID: "acc_a")
            #expect(keysOfA.count == 2)
            #expect(keysOfA.last == later)
            #expect(try await storage.apiKeys.keys(accountID: "acc_b").count == 1)

            #expect(try await storage.apiKeys.delete(id: later.id, accountID: "acc_b") == false)
            #expect(try await storage.apiKeys.key(hash: later.keyHash) == later)
            #expect(try await storage.apiKeys.delete(id: later.id, accountID: "acc_a"))
            #expect(try await storage.apiKeys.key(hash: later.keyHash) == nil)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func migrationsRunOnceAcrossRestarts(engine: TestEngine) async throws {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let location = DatabaseLocation.sqlite(path: directory.appendingPathComponent("db.sqlite").path)
            try await reopen(location)
        case .postgres:
            try await TestPostgres.withDatabase { url in try await reopen(.postgres(url: url)) }
        }
    }

    /// Opening twice keeps what the first opening wrote.
    private func reopen(_ location: DatabaseLocation) async throws {
        let logger = Logger(label: "store-test")
        let key = Self.key(account: "acc_r")
        try await Storage.withOpen(location, logger: logger) { storage in
            try await storage.accounts.createAccount(
                id: "acc_r", createdAt: Self.now, owner: Self.user("r@example.com", account: "acc_r"), key: key)
        }
        let found = try await Storage.withOpen(location, logger: logger) { storage in
            try await storage.apiKeys.key(hash: key.keyHash)
        }
        #expect(found == key)
    }
}
