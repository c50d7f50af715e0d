import Foundation

/// One statement, written once for both engines: text with `?` placeholders and the values bound to them.
/// PostgreSQL gets `$1`, `$2`, … in their place (every `?` is one: none may appear in a literal). Where the
/// engines' SQL differs, `sqlite:postgres:` holds both texts side by side.
struct SQL: Sendable, ExpressibleByStringLiteral {
    private var sqliteText: String
    private var postgresText: String
    var arguments: [SQLValue]

    init(_ text: String, _ arguments: [SQLValue]) {
        sqliteText = text
        postgresText = text
        self.arguments = arguments
    }

    init(sqlite: String, postgres: String, _ arguments: [SQLValue]) {
        sqliteText = sqlite
        postgresText = postgres
        self.arguments = arguments
    }

    init(stringLiteral text: String) {
        self.init(text, [SQLValue]())
    }

    /// `?, ?, ?`: the placeholders of an `IN (…)` list of `count` values (at least one: `IN ()` is not SQL).
    static func placeholders(_ count: Int) -> String {
        precondition(count > 0, "an IN list needs a value")
        return Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// `statements` as one PostgreSQL statement: all but the last as data-modifying `WITH` queries, which
    /// PostgreSQL always runs to completion. Its placeholders follow one another, as do its values.
    static func together(_ statements: [SQL]) -> SQL {
        guard let last = statements.last else { preconditionFailure("nothing to write") }
        guard statements.count > 1 else { return last }
        let queries = statements.dropLast().enumerated().map { "w\($0) AS (\($1.postgresText))" }
        return SQL(
            sqlite: "", postgres: "WITH \(queries.joined(separator: ", ")) \(last.postgresText)",
            statements.flatMap(\.arguments))
    }

    /// The text as `dialect` reads it.
    func text(for dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite:
            return sqliteText
        case .postgres:
            // Byte by byte: `?` is ASCII, and walking Characters costs a measurable part of a query.
            var number = 0
            var bytes: [UInt8] = []
            bytes.reserveCapacity(postgresText.utf8.count + arguments.count * 3)
            for byte in postgresText.utf8 {
                if byte == UInt8(ascii: "?") {
                    number += 1
                    bytes.append(UInt8(ascii: "$"))
                    bytes.append(contentsOf: String(number).utf8)
                } else {
                    bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

/// A value bound to a statement.
enum SQLValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case date(Date)
    case blob(Data)
    case null
}

/// What may be bound to a statement.
protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension String: SQLBindable { var sqlValue: SQLValue { .text(self) } }
extension Int: SQLBindable { var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLBindable { var sqlValue: SQLValue { .double(self) } }
extension Bool: SQLBindable { var sqlValue: SQLValue { .bool(self) } }
extension Date: SQLBindable { var sqlValue: SQLValue { .date(self) } }
extension Data: SQLBindable { var sqlValue: SQLValue { .blob(self) } }

extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension SQL {
    init(_ text: String, _ values: any SQLBindable...) {
        self.init(text, values.map { $0.sqlValue })
    }

    init(sqlite: String, postgres: String, _ values: any SQLBindable...) {
        self.init(sqlite: sqlite, postgres: postgres, values.map { $0.sqlValue })
    }
}
