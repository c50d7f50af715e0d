import Foundation
import GRDB
import Logging
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

// SQLite only: the WriteQueue and these PRAGMAs are SQLite's; PostgreSQL groups commits itself.
@Suite struct GroupCommitTests {
    func withDatabase(_ body: (SQLiteDatabase) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory.appendingPathComponent("db.sqlite").path)
            try await database.write { db in try db.execute(sql: "CREATE TABLE items (n INTEGER PRIMARY KEY)") }
            try await body(database)
        }
    }

    @Test func writerIsDurable() async throws {
        try await withDatabase { database in
            #expect(try await database.synchronousSetting() == 2)  // FULL
            let (journal, foreignKeys) = try await database.pool.writeWithoutTransaction { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                    try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
                )
            }
            #expect(journal == "wal")
            #expect(foreignKeys == 1)
        }
    }

    @Test func concurrentWritesShareCommits() async throws {
        try await withDatabase { database in
            let before = await database.writeStatistics
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<200 {
                    group.addTask {
                        try await database.write { db in
                            try db.execute(sql: "INSERT INTO items VALUES (?)", arguments: [n])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let after = await database.writeStatistics
            let commits = after.commits - before.commits
            #expect(after.writes - before.writes == 200)
            #expect(commits < 100, "200 concurrent writes took \(commits) commits")
            #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM items") } == 200)
        }
    }

    @Test func aFailingWriteFailsOnlyItsCaller() async throws {
        try await withDatabase { database in
            try await database.write { db in try db.execute(sql: "INSERT INTO items VALUES (0)") }
            // Writes 1...40 and a duplicate of 0, all at once: only the duplicate fails.
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in [0] + Array(1...40) {
                    group.addTask {
                        do {
                            try await database.write { db in
                                try db.execute(sql: "INSERT INTO items VALUES (?)", arguments: [n])
                            }
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                var outcomes: [Int: Bool] = [:]
                for await (n, succeeded) in group { outcomes[n] = succeeded }
                return outcomes
            }
            #expect(outcomes[0] == false)
            #expect((1...40).allSatisfy { outcomes[$0] == true })
            #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM items") } == 41)
        }
    }

    @Test func aFailingWriteLeavesNoHalfRecord() async throws {
        try await withDatabase { database in
            await #expect(throws: DatabaseError.self) {
                try await database.write { db in
                    try db.execute(sql: "INSERT INTO items VALUES (100)")
                    try db.execute(sql: "INSERT INTO items VALUES (100)")
                }
            }
            let count = try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM items") }
            #expect(count == 0)
        }
    }
}
