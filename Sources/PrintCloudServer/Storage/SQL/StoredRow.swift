import Foundation
import GRDB
import PostgresNIO

/// One row a query returned, read the same way on both engines. A value that cannot be read as asked (NULL
/// where the server always writes one, another type, a state the server never writes) throws
/// `StoreError.corrupt(column)`, never a default.
struct StoredRow {
    private enum Source {
        case sqlite(Row, SQLiteColumns)
        case postgres(PostgresRandomAccessRow)
    }

    private let source: Source

    init(_ row: Row, columns: SQLiteColumns) { source = .sqlite(row, columns) }
    init(_ row: PostgresRow) { source = .postgres(row.makeRandomAccess()) }

    /// A row that outlives its step: SQLite reuses a statement's row for the next one.
    func copied() -> StoredRow {
        guard case .sqlite(let row, let columns) = source else { return self }
        return StoredRow(row.copy(), columns: columns)
    }

    /// The column's value, NULL included.
    func optional<T: StoredValue>(_ column: String, as type: T.Type = T.self) throws -> T? {
        switch source {
        case .sqlite(let row, let columns):
            guard let index = columns.index[column] else { throw StoreError.corrupt(column) }
            let value: DatabaseValue = row[index]
            if value.isNull { return nil }
            guard let decoded = T.fromDatabaseValue(value) else { throw StoreError.corrupt(column) }
            return decoded
        case .postgres(let row):
            guard row.contains(column) else { throw StoreError.corrupt(column) }
            let cell = row[column]
            if cell.bytes == nil { return nil }
            do {
                return try cell.decode(T.self)
            } catch {
                throw StoreError.corrupt(column)
            }
        }
    }

    /// The column's value, which must not be NULL.
    func value<T: StoredValue>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try optional(column, as: T.self) else { throw StoreError.corrupt(column) }
        return value
    }

    /// The column's text as one of `T`'s cases.
    func value<T: RawRepresentable>(_ column: String, as type: T.Type = T.self) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: try value(column, as: String.self)) else { throw StoreError.corrupt(column) }
        return value
    }

    /// The column's text, NULL included, as one of `T`'s cases.
    func optional<T: RawRepresentable>(_ column: String, as type: T.Type = T.self) throws -> T?
    where T.RawValue == String {
        guard let text = try optional(column, as: String.self) else { return nil }
        guard let value = T(rawValue: text) else { throw StoreError.corrupt(column) }
        return value
    }

    /// The column's JSON text decoded as `T`.
    func json<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(try value(column, as: String.self).utf8))
        } catch {
            throw StoreError.corrupt(column)
        }
    }
}

/// Where each column of a statement's rows is, found once per statement: GRDB's own lookup by name lowercases
/// every column name on every call, which made reading a job row a measurable part of each request.
final class SQLiteColumns: Sendable {
    let index: [String: Int]

    init(_ names: [String]) {
        index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A type both engines read from a column.
protocol StoredValue: DatabaseValueConvertible, PostgresDecodable {}

extension String: StoredValue {}
extension Int: StoredValue {}
extension Double: StoredValue {}
extension Bool: StoredValue {}
extension Date: StoredValue {}
extension Data: StoredValue {}
