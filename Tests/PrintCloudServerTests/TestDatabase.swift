import Foundation
import GRDB
import Logging
import PostgresNIO
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Runs `body` with a fresh, empty database of `engine` (see `TestEngine.withDatabase`).
func withTestDatabase(_ engine: TestEngine, _ body: (DatabaseLocation) async throws -> Void) async throws {
    try await engine.withDatabase { name in
        try await body(engine == .sqlite ? .sqlite(path: name) : .postgres(url: name))
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
