/// One numbered step of the schema, written once for both engines. Never edit a step once it has landed;
/// add a new one.
struct Migration: Sendable {
    /// With `name`, the step's identity in databases that applied it: GRDB records `identifier` on SQLite,
    /// `schema_migrations` records `number` on PostgreSQL.
    let number: Int
    let name: String
    /// Statements run in order, one per value (PostgreSQL's extended protocol takes one at a time).
    let statements: [SchemaSQL]

    var identifier: String { "\(number)-\(name)" }

    /// The statements as `dialect` spells them.
    func sql(for dialect: SQLDialect) -> [String] {
        statements.map { $0.sql(for: dialect) }
    }
}
