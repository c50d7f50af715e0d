import Logging
import PostgresNIO

/// What runs a PostgreSQL query: the pool, or one connection inside a transaction.
protocol PostgresQueryRunner {
    func run(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence
}

extension PostgresClient: PostgresQueryRunner {
    func run(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await self.query(query, logger: logger)
    }
}

extension PostgresConnection: PostgresQueryRunner {
    func run(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await self.query(query, logger: logger)
    }
}

extension PostgresQueryRunner {
    /// The rows `sql` returns, each read by `decode`.
    func rows<T>(_ sql: SQL, logger: Logger, _ decode: (StoredRow) throws -> T) async throws -> [T] {
        try await run(sql.postgresQuery, logger: logger).stored(decode)
    }

    func execute(_ sql: SQL, logger: Logger) async throws {
        _ = try await run(sql.postgresQuery, logger: logger).collect()
    }
}

extension PostgresConnection {
    /// Runs `transaction`'s steps on this connection, inside a transaction the caller opened.
    func run<T>(_ transaction: SQLTransaction<T>, logger: Logger) async throws -> T {
        var step = transaction
        while true {
            switch step {
            case .done(let answer):
                return answer
            case .write(let statements, let next):
                for statement in statements { try await execute(statement, logger: logger) }
                step = next
            case .writeTogether(let statements, let next):
                if !statements.isEmpty { try await execute(SQL.together(statements), logger: logger) }
                step = next
            case .read(let sql, let next):
                step = try next(try await run(sql.postgresQuery, logger: logger).stored { $0 })
            }
        }
    }
}

extension PostgresRowSequence {
    /// Every row, read by `decode`.
    func stored<T>(_ decode: (StoredRow) throws -> T) async throws -> [T] {
        var values: [T] = []
        for try await row in self { values.append(try decode(StoredRow(row))) }
        return values
    }
}

extension SQL {
    fileprivate var postgresQuery: PostgresQuery {
        var binds = PostgresBindings(capacity: arguments.count)
        for value in arguments {
            switch value {
            case .text(let text): binds.append(text)
            case .integer(let integer): binds.append(integer)
            case .double(let double): binds.append(double)
            case .bool(let bool): binds.append(bool)
            case .date(let date): binds.append(date)
            case .blob(let data): binds.append(ByteBuffer(bytes: data))
            case .null: binds.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: text(for: .postgres), binds: binds)
    }
}

extension PostgresDatabase: SQLStatements {
    func read<T: Sendable>(_ sql: SQL, _ decode: @escaping @Sendable (StoredRow) throws -> T) async throws -> [T] {
        try await Metrics.databaseCall(.read, engine: .postgres) { try await client.rows(sql, logger: logger, decode) }
    }

    func write<T: Sendable>(_ sql: SQL, _ decode: @escaping @Sendable (StoredRow) throws -> T) async throws -> [T] {
        try await Metrics.databaseCall(.write, engine: .postgres) {
            try await client.rows(sql, logger: logger, decode)
        }
    }

    func run<T: Sendable>(_ transaction: SQLTransaction<T>) async throws -> T {
        try await Metrics.databaseCall(.transaction, engine: .postgres) {
            // One statement is a transaction of its own: no BEGIN and COMMIT round trips.
            if case .writeTogether(let statements, let next) = transaction, case .done(let answer) = next {
                if !statements.isEmpty { try await client.execute(SQL.together(statements), logger: logger) }
                return answer
            }
            return try await client.withTransaction(logger: logger) { [logger] connection in
                try await connection.run(transaction, logger: logger)
            }
        }
    }
}
