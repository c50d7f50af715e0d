import GRDB

extension Database {
    /// The rows `sql` returns, each read by `decode`.
    func rows<T>(_ sql: SQL, _ decode: (StoredRow) throws -> T) throws -> [T] {
        let statement = try cachedStatement(sql: sql.text(for: .sqlite))
        let columns = SQLiteColumns(statement.columnNames)
        return try Row.fetchAll(statement, arguments: sql.sqliteArguments).map {
            try decode(StoredRow($0, columns: columns))
        }
    }

    func execute(_ sql: SQL) throws {
        try cachedStatement(sql: sql.text(for: .sqlite)).execute(arguments: sql.sqliteArguments)
    }

    /// Runs `transaction`'s steps in this write.
    func run<T>(_ transaction: SQLTransaction<T>) throws -> T {
        var step = transaction
        while true {
            switch step {
            case .done(let answer):
                return answer
            case .write(let statements, let next):
                for statement in statements { try execute(statement) }
                step = next
            case .read(let sql, let next):
                step = try next(try rows(sql) { $0 })
            }
        }
    }
}

extension SQL {
    fileprivate var sqliteArguments: StatementArguments {
        StatementArguments(
            arguments.map { value -> DatabaseValue in
                switch value {
                case .text(let text): text.databaseValue
                case .integer(let integer): integer.databaseValue
                case .double(let double): double.databaseValue
                case .bool(let bool): bool.databaseValue
                case .date(let date): SQLiteDate.text(date).databaseValue
                case .blob(let data): data.databaseValue
                case .null: .null
                }
            })
    }
}

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
