import Foundation
import GRDB
import GRDBSQLite

extension Database {
    /// The rows `sql` returns, each read by `decode` while SQLite holds it (no row is copied).
    func rows<T>(_ sql: SQL, _ decode: (StoredRow) throws -> T) throws -> [T] {
        let statement = try prepared(sql)
        let columns = SQLiteColumns(statement.columnNames)
        let cursor = try Row.fetchCursor(statement)
        var values: [T] = []
        while let row = try cursor.next() { values.append(try decode(StoredRow(row, columns: columns))) }
        return values
    }

    func execute(_ sql: SQL) throws {
        try prepared(sql).execute()
    }

    /// Runs `transaction`'s steps in this write.
    func run<T>(_ transaction: SQLTransaction<T>) throws -> T {
        var step = transaction
        while true {
            switch step {
            case .done(let answer):
                return answer
            case .write(let statements, let next), .writeTogether(let statements, let next):
                for statement in statements { try execute(statement) }
                step = next
            case .read(let sql, let next):
                step = try next(try rows(sql) { $0.copied() })
            }
        }
    }

    /// The cached statement of `sql`'s text with its values bound straight through SQLite's C API. Going through
    /// `StatementArguments` ran GRDB's generic initialisers unspecialised, key path and all, on every statement:
    /// a few per cent of each job's time on the single writer.
    private func prepared(_ sql: SQL) throws -> Statement {
        let statement = try cachedStatement(sql: sql.text(for: .sqlite))
        let handle = statement.sqliteStatement
        // A statement whose last step failed (a unique violation) reports that failure again on its first reset,
        // which GRDB's own reset below would take for a new one: the failure was thrown when it happened.
        sqlite3_reset(handle)
        // Tells GRDB the (empty) arguments are bound, so its execution keeps the bindings made here.
        statement.setUncheckedArguments(StatementArguments())
        for (offset, value) in sql.arguments.enumerated() {
            let index = CInt(offset + 1)
            let code: CInt
            switch value {
            case .text(let text): code = sqlite3_bind_text(handle, index, text, -1, transient)
            case .integer(let integer): code = sqlite3_bind_int64(handle, index, Int64(integer))
            case .double(let double): code = sqlite3_bind_double(handle, index, double)
            case .bool(let bool): code = sqlite3_bind_int64(handle, index, bool ? 1 : 0)
            case .date(let date): code = sqlite3_bind_text(handle, index, SQLiteDate.text(date), -1, transient)
            case .blob(let data):
                code = data.withUnsafeBytes {
                    // A null pointer would bind NULL: an empty blob is bound as a zero-length one.
                    $0.baseAddress == nil
                        ? sqlite3_bind_zeroblob(handle, index, 0)
                        : sqlite3_bind_blob(handle, index, $0.baseAddress, CInt($0.count), transient)
                }
            case .null: code = sqlite3_bind_null(handle, index)
            }
            guard code == SQLITE_OK else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: lastErrorMessage, sql: sql.text(for: .sqlite))
            }
        }
        return statement
    }
}

/// SQLite copies what is bound before the call returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

extension SQLiteDatabase: SQLStatements {
    func read<T: Sendable>(_ sql: SQL, _ decode: @escaping @Sendable (StoredRow) throws -> T) async throws -> [T] {
        try await Metrics.databaseCall(.read, engine: .sqlite) { try await read { db in try db.rows(sql, decode) } }
    }

    func write<T: Sendable>(_ sql: SQL, _ decode: @escaping @Sendable (StoredRow) throws -> T) async throws -> [T] {
        try await Metrics.databaseCall(.write, engine: .sqlite) { try await write { db in try db.rows(sql, decode) } }
    }

    func run<T: Sendable>(_ transaction: SQLTransaction<T>) async throws -> T {
        try await Metrics.databaseCall(.transaction, engine: .sqlite) {
            try await write { db in try db.run(transaction) }
        }
    }
}
