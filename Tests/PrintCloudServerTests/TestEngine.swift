import Foundation
import GRDB
import Logging
import PostgresNIO
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// The storage engines every feature test runs against; SQLite's behaviour is the reference.
enum TestEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }
}

/// Runs `body` with a fresh, empty database of `engine` that outlives any server opened on it, so a test can
/// restart the server on the same data. Without PostgreSQL, `TestPostgres` decides: a failure in CI, a skip elsewhere.
func withTestDatabase(_ engine: TestEngine, _ body: (DatabaseLocation) async throws -> Void) async throws {
    switch engine {
    case .sqlite:
        try await withTemporaryDirectory { directory in
            try await body(.sqlite(path: directory.appendingPathComponent("test.sqlite").path))
        }
    case .postgres:
        try await TestPostgres.withDatabase { url in try await body(.postgres(url: url)) }
    }
}

extension Storage {
    /// The single text column of every row `sql` selects, read straight from the database, bypassing the stores.
    func fetchStrings(_ sql: String) async throws -> [String] {
        switch location {
        case .sqlite:
            let database = try #require(sqlite)
            return try await database.read { db in try String.fetchAll(db, sql: sql) }
        case .postgres(let url):
            var logger = Logger(label: "test")
            logger.logLevel = .error  // not PostgresNIO's harmless warning that the query beat run()
            let client = try PostgresDatabase.makeClient(url: url, logger: logger)
            return try await withThrowingTaskGroup(of: Void.self, returning: [String].self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                return try await client.query(PostgresQuery(unsafeSQL: sql)).collect().map {
                    try $0.decode(String.self)
                }
            }
        }
    }
}
