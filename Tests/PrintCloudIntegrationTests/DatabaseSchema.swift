import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing

@testable import PrintCloudServer

/// The schema a migrated database holds, read from the engine's catalog and described in the terms both engines
/// share, so that a SQLite and a PostgreSQL database can be compared table by table.
struct DatabaseSchema: Sendable {
    /// Tables by name.
    var tables: [String: Table] = [:]

    /// One table: its columns and what constrains or indexes them.
    struct Table: Sendable {
        var columns: [String: Column] = [:]
        var primaryKey: [String] = []
        /// UNIQUE constraints written in the table (not unique indexes), each as its list of columns.
        var uniqueConstraints: Set<[String]> = []
        /// Indexes made with CREATE INDEX, by name (those behind the primary key or a UNIQUE constraint are left
        /// out: each engine names them its own way).
        var indexes: [String: Index] = [:]
        var foreignKeys: Set<ForeignKey> = []
    }

    struct Column: Sendable, Equatable {
        var type: TypeFamily
        var nullable: Bool
        /// Numbered by the database itself (AUTOINCREMENT, a sequence).
        var autoIncrement: Bool
    }

    /// Column types in families both engines have. SQLite's INTEGER is 64 bits, so `integer` holds PostgreSQL's
    /// INTEGER and BIGINT alike: the SQLite side cannot tell them apart.
    enum TypeFamily: Sendable, Equatable {
        case text, integer, real, blob, timestamp, boolean
        /// A type outside the families, as its engine spells it.
        case other(String)
    }

    struct Index: Sendable, Equatable {
        var columns: [String]
        var unique: Bool
        /// Whether it has a WHERE clause (the clauses themselves are not compared: each engine prints its own).
        var partial: Bool
    }

    struct ForeignKey: Sendable, Hashable {
        var column: String
        var referencedTable: String
        var referencedColumn: String
        var onDelete: String
    }
}

// Spelled out for the test's messages, which would otherwise name every type with its module.
extension DatabaseSchema.Column: CustomStringConvertible {
    var description: String { "\(type) \(nullable ? "NULL" : "NOT NULL")\(autoIncrement ? " auto-increment" : "")" }
}

extension DatabaseSchema.TypeFamily: CustomStringConvertible {
    var description: String {
        switch self {
        case .text: "text"
        case .integer: "integer"
        case .real: "real"
        case .blob: "blob"
        case .timestamp: "timestamp"
        case .boolean: "boolean"
        case .other(let spelling): "\"\(spelling)\" (no family)"
        }
    }
}

extension DatabaseSchema.Index: CustomStringConvertible {
    var description: String {
        "\(unique ? "UNIQUE " : "")(\(columns.joined(separator: ", ")))\(partial ? " WHERE …" : "")"
    }
}

extension DatabaseSchema.ForeignKey: CustomStringConvertible {
    var description: String { "\(column) → \(referencedTable)(\(referencedColumn)) ON DELETE \(onDelete)" }
}

extension DatabaseSchema {
    /// The schema of a fresh SQLite file after the migrations. GRDB's own `grdb_migrations` and SQLite's internal
    /// tables (`sqlite_sequence`, kept for AUTOINCREMENT) are left out: they exist on SQLite only, by design.
    static func migratedSQLite() async throws -> DatabaseSchema {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try SQLiteDatabase(path: directory.appendingPathComponent("db.sqlite").path)
        return try await database.read { db in
            var schema = DatabaseSchema()
            let tables = try Row.fetchAll(
                db,
                sql: """
                    SELECT name, sql FROM sqlite_master
                    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                    """)
            for row in tables {
                let name: String = row["name"]
                let createSQL: String = row["sql"]
                schema.tables[name] = try sqliteTable(name, createSQL: createSQL, db)
            }
            return schema
        }
    }

    private static func sqliteTable(_ name: String, createSQL: String, _ db: Database) throws -> Table {
        var table = Table()
        let columns = try Row.fetchAll(db, sql: "SELECT * FROM pragma_table_info(?)", arguments: [name])
        // `pk` is the column's position in the primary key, 0 when it is not in it.
        let keyPosition: (Row) -> Int = { $0["pk"] }
        table.primaryKey = columns.filter { keyPosition($0) > 0 }.sorted { keyPosition($0) < keyPosition($1) }
            .map { $0["name"] }
        for column in columns {
            let columnName: String = column["name"]
            let type = sqliteFamily(column["type"])
            table.columns[columnName] = Column(
                type: type,
                // NB: SQLite lets a PRIMARY KEY column that is not an INTEGER hold NULL unless NOT NULL is written (a
                // legacy quirk), PostgreSQL never; both are read as the key they are meant to be.
                nullable: !(column["notnull"] as Bool) && !table.primaryKey.contains(columnName),
                // Only the INTEGER PRIMARY KEY of a table can be AUTOINCREMENT, and the word appears nowhere else.
                autoIncrement: table.primaryKey == [columnName] && type == .integer
                    && createSQL.uppercased().contains("AUTOINCREMENT"))
        }
        for index in try Row.fetchAll(db, sql: "SELECT * FROM pragma_index_list(?)", arguments: [name]) {
            let indexName: String = index["name"]
            let indexColumns = try Row.fetchAll(
                db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [indexName]
            ).map { $0["name"] as String? ?? "(expression)" }
            switch index["origin"] as String {
            case "pk": break  // read above from table_info
            case "u": table.uniqueConstraints.insert(indexColumns)
            default:
                table.indexes[indexName] = Index(
                    columns: indexColumns, unique: index["unique"], partial: index["partial"])
            }
        }
        for key in try Row.fetchAll(db, sql: "SELECT * FROM pragma_foreign_key_list(?)", arguments: [name]) {
            table.foreignKeys.insert(
                ForeignKey(
                    column: key["from"], referencedTable: key["table"], referencedColumn: key["to"],
                    onDelete: key["on_delete"]))
        }
        return table
    }

    private static func sqliteFamily(_ declared: String) -> TypeFamily {
        switch declared.uppercased() {
        case "TEXT", "VARCHAR": .text
        case "INTEGER", "INT", "BIGINT": .integer
        case "REAL", "DOUBLE": .real
        case "BLOB": .blob
        case "DATETIME", "TIMESTAMP": .timestamp
        case "BOOLEAN": .boolean
        default: .other(declared)
        }
    }
}

extension DatabaseSchema {
    /// The schema of the fresh PostgreSQL database at `url` after the migrations, tables of the `public` schema.
    /// `schema_migrations`, the runner's own record, is left out: it exists on PostgreSQL only, by design.
    static func migratedPostgres(url: String) async throws -> DatabaseSchema {
        var logger = Logger(label: "schema-parity")
        // PostgresNIO warns when the first query starts before `run()` does: a harmless race.
        logger.logLevel = .error
        return try await Storage.withOpen(.postgres(url: url), logger: logger) { storage in
            try await postgresSchema(try #require(storage.postgres?.client))
        }
    }

    private static func postgresSchema(_ client: PostgresClient) async throws -> DatabaseSchema {
        var schema = DatabaseSchema()
        let columns = try await client.query(
            """
            SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.is_identity, c.column_default
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            """)
        for try await (table, column, type, nullable, identity, defaultValue) in columns.decode(
            (String, String, String, String, String, String?).self)
        {
            schema.tables[table, default: Table()].columns[column] = Column(
                type: postgresFamily(type), nullable: nullable == "YES",
                autoIncrement: identity == "YES" || defaultValue?.hasPrefix("nextval(") == true)
        }

        let keys = try await client.query(
            """
            SELECT tc.table_name, tc.constraint_name, tc.constraint_type, k.column_name
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage k
              ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
            WHERE tc.table_schema = 'public' AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
            ORDER BY tc.table_name, tc.constraint_name, k.ordinal_position
            """)
        var uniqueColumns: [String: (table: String, columns: [String])] = [:]
        for try await (table, constraint, type, column) in keys.decode((String, String, String, String).self) {
            if type == "PRIMARY KEY" {
                schema.tables[table, default: Table()].primaryKey.append(column)
            } else {
                uniqueColumns[constraint, default: (table, [])].columns.append(column)
            }
        }
        for (table, columns) in uniqueColumns.values {
            schema.tables[table, default: Table()].uniqueConstraints.insert(columns)
        }

        // The referencing column, matched to the referenced one by its position in the referenced key.
        let foreignKeys = try await client.query(
            """
            SELECT fk.table_name, fk.column_name, pk.table_name, pk.column_name, rc.delete_rule
            FROM information_schema.referential_constraints rc
            JOIN information_schema.key_column_usage fk
              ON fk.constraint_schema = rc.constraint_schema AND fk.constraint_name = rc.constraint_name
            JOIN information_schema.key_column_usage pk
              ON pk.constraint_schema = rc.unique_constraint_schema AND pk.constraint_name = rc.unique_constraint_name
             AND pk.ordinal_position = fk.position_in_unique_constraint
            WHERE rc.constraint_schema = 'public'
            """)
        for try await (table, column, referencedTable, referencedColumn, onDelete) in foreignKeys.decode(
            (String, String, String, String, String).self)
        {
            schema.tables[table, default: Table()].foreignKeys.insert(
                ForeignKey(
                    column: column, referencedTable: referencedTable, referencedColumn: referencedColumn,
                    onDelete: onDelete))
        }

        // From the catalog rather than `pg_indexes`, which gives only the whole definition as text; indexes
        // behind a constraint (keys, UNIQUE) are left out.
        let indexes = try await client.query(
            """
            SELECT t.relname, i.relname, ix.indisunique, ix.indpred IS NOT NULL,
                   ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) FROM generate_series(1, ix.indnatts) AS k
                         ORDER BY k)
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
            """)
        for try await (table, index, unique, partial, columns) in indexes.decode(
            (String, String, Bool, Bool, [String]).self)
        {
            schema.tables[table, default: Table()].indexes[index] = Index(
                columns: columns.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) },
                unique: unique, partial: partial)
        }
        schema.tables["schema_migrations"] = nil
        return schema
    }

    private static func postgresFamily(_ dataType: String) -> TypeFamily {
        switch dataType {
        case "text", "character varying": .text
        case "integer", "bigint", "smallint": .integer
        case "real", "double precision": .real
        case "bytea": .blob
        case "timestamp with time zone": .timestamp
        case "boolean": .boolean
        default: .other(dataType)
        }
    }
}
