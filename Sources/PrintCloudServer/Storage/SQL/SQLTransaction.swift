/// A transaction written once for both engines: statements to write, and reads whose rows decide what
/// follows. The decisions are synchronous, so each engine runs the same value in its own transaction: GRDB's
/// synchronous one inside the group commit, PostgresNIO's asynchronous one. A read that must hold its rows
/// until the commit on PostgreSQL says `FOR UPDATE` there (`SQL(sqlite:postgres:)`); SQLite's single writer
/// holds them anyway.
enum SQLTransaction<Answer: Sendable>: Sendable {
    case done(Answer)
    indirect case write([SQL], then: SQLTransaction<Answer>)
    /// Inserts, updates and deletes that PostgreSQL runs as one statement, in one round trip: each touches
    /// rows no other one touches, and none needs another's rows (they see the same snapshot). SQLite runs them
    /// one after another, as `write`.
    indirect case writeTogether([SQL], then: SQLTransaction<Answer>)
    case read(SQL, then: @Sendable ([StoredRow]) throws -> SQLTransaction<Answer>)

    static func write(_ statements: [SQL], answer: Answer) -> Self {
        .write(statements, then: .done(answer))
    }

    /// Reads the rows of `sql` with `decode`, and goes on as `next` says.
    static func read<Row>(
        _ sql: SQL, _ decode: @escaping @Sendable (StoredRow) throws -> Row,
        then next: @escaping @Sendable ([Row]) throws -> Self
    ) -> Self {
        .read(sql) { rows in try next(rows.map(decode)) }
    }
}
