import GRDB

/// The embedded store: one SQLite file in WAL mode, durable (`synchronous=FULL`), written through a
/// group-commit queue and read on the pool's reader connections.
public final class SQLiteDatabase: Sendable {
    let pool: DatabasePool
    private let writeQueue: WriteQueue

    /// Opens (creating if needed) the file at `path` and applies pending migrations.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        let pool = try DatabasePool(path: path, configuration: configuration)
        // DatabasePool switches the writer to synchronous=NORMAL after opening; a 2xx must survive a
        // power cut, so set FULL afterwards. The writer is one long-lived connection, so this holds.
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }

        var migrator = DatabaseMigrator()
        for migration in Migrations.all {
            migrator.registerMigration(migration.identifier) { db in
                for statement in migration.sql(for: .sqlite) { try db.execute(sql: statement) }
            }
        }
        try migrator.migrate(pool)

        self.pool = pool
        self.writeQueue = WriteQueue(pool: pool)
    }

    /// Reads on a reader connection, beside the writer.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }

    /// Writes inside the next group commit; returns once it is on disk.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writeQueue.write(body)
    }

    /// How many commits the writes so far have needed.
    public var writeStatistics: (commits: Int, writes: Int) {
        get async {
            let statistics = await writeQueue.statistics
            return (statistics.commits, statistics.writes)
        }
    }

    /// The writer connection's `PRAGMA synchronous` (2 is FULL).
    public func synchronousSetting() async throws -> Int {
        try await pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }
}
