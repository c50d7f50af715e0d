/// Where a store runs a statement on its own, on either engine: a read beside the writes, or a write that
/// returns once it is on disk (in the next group commit, on SQLite). Writes of several statements with
/// decisions between them are a transaction of each engine's own (GRDB's synchronous one inside the group
/// commit, PostgresNIO's asynchronous one), written with the same `SQL` statements.
protocol SQLStatements: Sendable {
    func read<T: Sendable>(_ sql: SQL, _ decode: @escaping @Sendable (StoredRow) throws -> T) async throws -> [T]
    func write<T: Sendable>(_ sql: SQL, _ decode: @escaping @Sendable (StoredRow) throws -> T) async throws -> [T]
    /// Runs the statements in one transaction, all or nothing.
    func write(_ statements: [SQL]) async throws
}

extension SQLStatements {
    func write(_ sql: SQL) async throws {
        _ = try await write(sql) { _ in () }
    }

    /// The first row `sql` returns, read by `decode`.
    func readRow<T: Sendable>(_ sql: SQL, _ decode: @escaping @Sendable (StoredRow) throws -> T) async throws -> T? {
        try await read(sql, decode).first
    }
}
