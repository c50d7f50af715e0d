/// Where the stores run their statements, on either engine: a read beside the writes, a write that returns
/// once it is on disk (in the next group commit, on SQLite), or a transaction of several.
protocol SQLStatements: Sendable {
    func read<T: Sendable>(_ sql: SQL, _ decode: @escaping @Sendable (StoredRow) throws -> T) async throws -> [T]
    func write<T: Sendable>(_ sql: SQL, _ decode: @escaping @Sendable (StoredRow) throws -> T) async throws -> [T]
    /// Runs `transaction` all or nothing; its answer once committed.
    func run<T: Sendable>(_ transaction: SQLTransaction<T>) async throws -> T
}

extension SQLStatements {
    func write(_ sql: SQL) async throws {
        _ = try await write(sql) { _ in () }
    }

    /// Writes the statements in one transaction, all or nothing.
    func write(_ statements: [SQL]) async throws {
        try await run(.write(statements, answer: ()))
    }

    /// Writes the statements all or nothing; on PostgreSQL as one statement (see `SQLTransaction.writeTogether`).
    func writeTogether(_ statements: [SQL]) async throws {
        try await run(.writeTogether(statements, then: .done(())))
    }

    /// Deletes the row of `table` with this id if it belongs to the account; whether it did. `table` is one of
    /// the stores' own names, never input.
    func deleteOwned(from table: String, id: String, accountID: String) async throws -> Bool {
        let deleted = try await write(
            SQL("DELETE FROM \(table) WHERE id = ? AND account_id = ? RETURNING id", id, accountID)
        ) { row in try row.value("id", as: String.self) }
        return !deleted.isEmpty
    }

    /// The first row `sql` returns, read by `decode`.
    func readRow<T: Sendable>(_ sql: SQL, _ decode: @escaping @Sendable (StoredRow) throws -> T) async throws -> T? {
        try await read(sql, decode).first
    }
}
