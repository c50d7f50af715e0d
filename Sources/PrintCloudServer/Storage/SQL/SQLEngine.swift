/// The database a store runs on, for the few writes that decide between statements inside one transaction:
/// those run in each engine's own transaction (GRDB's synchronous one inside the group commit, PostgresNIO's
/// asynchronous one), with the same `SQL` statements. Everything else goes through `statements`.
enum SQLEngine: Sendable {
    case sqlite(SQLiteDatabase)
    case postgres(PostgresDatabase)

    var statements: any SQLStatements {
        switch self {
        case .sqlite(let database): database
        case .postgres(let database): database
        }
    }
}
