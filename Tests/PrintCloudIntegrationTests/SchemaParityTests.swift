import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Each migration step is one text rendered for two engines; a fresh database on each must hold the same schema.
@Suite(.timeLimit(.minutes(10))) struct SchemaParityTests {
    @Test func bothEnginesMigrateToTheSameSchema() async throws {
        let sqlite = try await DatabaseSchema.migratedSQLite()
        try await TestPostgres.withDatabase { url in
            let postgres = try await DatabaseSchema.migratedPostgres(url: url)
            Self.expectSame(sqlite: sqlite, postgres: postgres)
        }
    }

    @Test func landedStepsKeepTheIdentityDatabasesRecorded() {
        // GRDB records `identifier` on SQLite, `schema_migrations` the number on PostgreSQL: a renamed or
        // renumbered step would run again on databases that already have it.
        let landed = ["1-accounts", "2-computers-and-printers", "3-print-jobs-and-events", "4-webhooks", "5-instances"]
        #expect(Migrations.all.prefix(landed.count).map(\.identifier) == landed)
        #expect(Migrations.all.map(\.number) == Array(1...Migrations.all.count))
    }

    /// Table by table, column by column; each difference is one issue naming the table and column.
    static func expectSame(sqlite: DatabaseSchema, postgres: DatabaseSchema) {
        #expect(sqlite.tables["print_jobs"] != nil && postgres.tables["print_jobs"] != nil, "schema not read")
        for (name, onlyOn) in differences(Set(sqlite.tables.keys), Set(postgres.tables.keys)) {
            Issue.record("table \(name) exists on \(onlyOn) only")
        }
        for name in Set(sqlite.tables.keys).intersection(postgres.tables.keys).sorted() {
            guard let s = sqlite.tables[name], let p = postgres.tables[name] else { continue }
            expectSame(s.columns, p.columns) { "column \(name).\($0)" }
            expectEqual(s.primaryKey, p.primaryKey, "the primary key of \(name)")
            expectEqual(s.uniqueConstraints, p.uniqueConstraints, "the UNIQUE constraints of \(name)")
            expectSame(s.indexes, p.indexes) { "index \($0) on \(name)" }
            expectEqual(s.foreignKeys, p.foreignKeys, "the foreign keys of \(name)")
        }
    }

    /// Each name on one engine only, and each one on both whose two values differ, as `what(name)`.
    private static func expectSame<T: Equatable>(
        _ sqlite: [String: T], _ postgres: [String: T], _ what: (String) -> String
    ) {
        for (name, onlyOn) in differences(Set(sqlite.keys), Set(postgres.keys)) {
            Issue.record("\(what(name)) exists on \(onlyOn) only")
        }
        for (name, sqliteValue) in sqlite.sorted(by: { $0.key < $1.key }) {
            if let postgresValue = postgres[name] { expectEqual(sqliteValue, postgresValue, what(name)) }
        }
    }

    private static func expectEqual<T: Equatable>(_ sqlite: T, _ postgres: T, _ what: String) {
        if sqlite != postgres {
            Issue.record("\(what): SQLite has \(sqlite), PostgreSQL has \(postgres)")
        }
    }

    /// The names in only one of the two sets, sorted, with the engine that has them.
    private static func differences(_ sqlite: Set<String>, _ postgres: Set<String>) -> [(String, String)] {
        sqlite.subtracting(postgres).sorted().map { ($0, "SQLite") }
            + postgres.subtracting(sqlite).sorted().map { ($0, "PostgreSQL") }
    }
}
