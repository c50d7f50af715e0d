/// One schema statement, written once. The few column types SQLite and PostgreSQL spell differently are
/// interpolated as `ColumnType`s (`created_at \(.timestamp) NOT NULL`); nothing else can be interpolated.
struct SchemaSQL: Sendable, ExpressibleByStringInterpolation {
    /// A column type the two engines spell differently.
    enum ColumnType: Sendable {
        /// A point in time. GRDB stores dates as text in SQLite; PostgreSQL keeps an instant.
        case timestamp
        /// A 64-bit integer: SQLite's `INTEGER` already is one, PostgreSQL's is 32 bits.
        case bigint
        /// Raw bytes.
        case blob
        /// An integer key the database numbers itself and never reuses, with its `PRIMARY KEY` (SQLite needs
        /// `AUTOINCREMENT` right after it so that a deleted row's number does not come back).
        case autoIncrementPrimaryKey

        func sql(for dialect: SQLDialect) -> String {
            switch dialect {
            case .sqlite:
                switch self {
                case .timestamp: "DATETIME"
                case .bigint: "INTEGER"
                case .blob: "BLOB"
                case .autoIncrementPrimaryKey: "INTEGER PRIMARY KEY AUTOINCREMENT"
                }
            case .postgres:
                switch self {
                case .timestamp: "TIMESTAMPTZ"
                case .bigint: "BIGINT"
                case .blob: "BYTEA"
                case .autoIncrementPrimaryKey: "BIGSERIAL PRIMARY KEY"
                }
            }
        }
    }

    fileprivate enum Part: Sendable {
        case text(String)
        case column(ColumnType)
    }

    private let parts: [Part]

    init(stringLiteral value: String) {
        parts = [.text(value)]
    }

    init(stringInterpolation: StringInterpolation) {
        parts = stringInterpolation.parts
    }

    /// The statement as `dialect` spells it.
    func sql(for dialect: SQLDialect) -> String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .column(let type): type.sql(for: dialect)
            }
        }.joined()
    }

    /// Collects the literal text and the column types of a `SchemaSQL` literal.
    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var parts: [Part] = []

        init(literalCapacity: Int, interpolationCount: Int) {}

        mutating func appendLiteral(_ literal: String) {
            parts.append(.text(literal))
        }

        mutating func appendInterpolation(_ type: ColumnType) {
            parts.append(.column(type))
        }
    }
}
