import Foundation
import GRDB
import PrintCloudProtocol

/// `ComputerStore` on SQLite.
struct SQLiteComputerStore: ComputerStore {
    let database: SQLiteDatabase

    func signIn(_ signIn: ComputerSignIn, newID: String) async throws -> ComputerRecord {
        try await database.write { db in
            let byID = try signIn.computerID.flatMap { id in
                try String.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM computers WHERE id = ? AND account_id = ?"),
                    arguments: [id, signIn.accountID])
            }
            let byName = try String.fetchOne(
                db.cachedStatement(
                    sql: "SELECT id FROM computers WHERE account_id = ? AND name = ? ORDER BY created_at, id LIMIT 1"),
                arguments: [signIn.accountID, signIn.name])
            let id = byID ?? byName ?? newID
            let wasOnline =
                try String.fetchOne(
                    db.cachedStatement(sql: "SELECT state FROM computers WHERE id = ?"), arguments: [id]) == "online"
            let computer = ComputerRecord(
                id: id, accountID: signIn.accountID, name: signIn.name, os: signIn.os,
                clientVersion: signIn.clientVersion, state: .online, lastSeenAt: signIn.at, createdAt: signIn.at)
            try db.cachedStatement(
                sql: """
                    INSERT INTO computers (id, account_id, name, os, client_version, state, connection_id,
                        instance_id, last_seen_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, os = excluded.os,
                        client_version = excluded.client_version, state = excluded.state,
                        connection_id = excluded.connection_id, instance_id = excluded.instance_id,
                        last_seen_at = excluded.last_seen_at
                    """
            ).execute(arguments: [
                computer.id, computer.accountID, computer.name, computer.os, computer.clientVersion,
                computer.state.rawValue, signIn.connectionID, signIn.instanceID, computer.lastSeenAt,
                computer.createdAt,
            ])
            let events = ComputerEvents.signedIn(
                accountID: computer.accountID, computerID: computer.id, wasOnline: wasOnline,
                printers: wasOnline ? [] : try Self.currentPrinters(of: computer.id, in: db), at: signIn.at)
            for event in events { try SQLiteEventWriter.record(event, in: db) }
            return try Row.fetchOne(
                db.cachedStatement(sql: "\(Self.selectComputer) WHERE id = ?"), arguments: [computer.id]
            ).map(Self.computer(from:)) ?? computer
        }
    }

    private static func currentPrinters(of computerID: String, in db: Database) throws -> [PrinterRecord] {
        try Row.fetchAll(
            db.cachedStatement(sql: "\(selectPrinter) WHERE computer_id = ? AND removed_at IS NULL ORDER BY name"),
            arguments: [computerID]
        ).map(printer(from:))
    }

    func replacePrinters(
        computerID: String, reports: [PrinterReport], at date: Date, newID: @escaping @Sendable () -> String
    ) async throws -> [PrinterRecord] {
        let rows = try reports.map { ($0, try ComputerRows.encode($0.capabilities)) }
        return try await database.write { db in
            guard
                let computer = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT account_id, state FROM computers WHERE id = ?"),
                    arguments: [computerID])
            else { return [] }
            let accountID: String = computer["account_id"]
            let online = (computer["state"] as String) == ComputerState.online.rawValue
            let before = PrinterStates.byName(try Self.currentPrinters(of: computerID, in: db), computerOnline: online)
            try db.cachedStatement(
                sql: "UPDATE printers SET removed_at = ? WHERE computer_id = ? AND removed_at IS NULL"
            )
            .execute(arguments: [date, computerID])
            for (report, capabilities) in rows {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO printers (id, computer_id, account_id, name, is_default, reported_state,
                            capabilities, created_at, removed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
                        ON CONFLICT (computer_id, name) DO UPDATE SET is_default = excluded.is_default,
                            reported_state = excluded.reported_state, capabilities = excluded.capabilities,
                            removed_at = NULL
                        """
                ).execute(arguments: [
                    newID(), computerID, accountID, report.name, report.isDefault ?? false, report.state?.rawValue,
                    capabilities, date,
                ])
            }
            try db.cachedStatement(sql: "UPDATE computers SET last_seen_at = ? WHERE id = ?")
                .execute(arguments: [date, computerID])
            let printers = try Self.currentPrinters(of: computerID, in: db)
            let events = PrinterStates.changes(
                before: before, after: printers, computerOnline: online, accountID: accountID, at: date)
            for event in events { try SQLiteEventWriter.record(event, in: db) }
            return printers
        }
    }

    func markOffline(computerID: String, connectionID: String, at date: Date) async throws {
        try await database.write { db in
            guard
                let computer = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT account_id, state FROM computers WHERE id = ? AND connection_id = ?"),
                    arguments: [computerID, connectionID])
            else { return }
            try db.cachedStatement(sql: "UPDATE computers SET state = 'offline', last_seen_at = ? WHERE id = ?")
                .execute(arguments: [date, computerID])
            guard (computer["state"] as String) == ComputerState.online.rawValue else { return }
            try Self.recordOffline(computerID: computerID, accountID: computer["account_id"], at: date, in: db)
        }
    }

    func touch(_ connections: [ComputerConnection], at date: Date) async throws -> [ComputerConnection] {
        guard !connections.isEmpty else { return [] }
        return try await database.write { db in
            try connections.filter { connection in
                try db.cachedStatement(
                    sql: "UPDATE computers SET last_seen_at = ? WHERE id = ? AND connection_id = ?"
                ).execute(arguments: [date, connection.computerID, connection.connectionID])
                return db.changesCount == 0
            }
        }
    }

    func markOrphansOffline(at now: Date) async throws -> Int {
        try await database.write { db in
            let orphans = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, account_id FROM computers WHERE state = 'online'
                    AND (instance_id IS NULL OR instance_id NOT IN (SELECT id FROM instances))
                    """)
            for computer in orphans {
                let id: String = computer["id"]
                try db.execute(sql: "UPDATE computers SET state = 'offline' WHERE id = ?", arguments: [id])
                try Self.recordOffline(computerID: id, accountID: computer["account_id"], at: now, in: db)
            }
            return orphans.count
        }
    }

    /// `computer.disconnected` and each current printer's `printer.state` offline.
    private static func recordOffline(computerID: String, accountID: String, at date: Date, in db: Database) throws {
        let events = ComputerEvents.wentOffline(
            accountID: accountID, computerID: computerID, printers: try currentPrinters(of: computerID, in: db),
            at: date)
        for event in events { try SQLiteEventWriter.record(event, in: db) }
    }

    func computers(accountID: String) async throws -> [ComputerRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "\(Self.selectComputer) WHERE account_id = ? ORDER BY created_at, id"),
                arguments: [accountID]
            ).map(Self.computer(from:))
        }
    }

    func computer(id: String, accountID: String) async throws -> ComputerRecord? {
        try await database.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "\(Self.selectComputer) WHERE id = ? AND account_id = ?"),
                arguments: [id, accountID]
            ).map(Self.computer(from:))
        }
    }

    func printers(accountID: String, computerID: String?) async throws -> [PrinterRecord] {
        try await database.read { db in
            let rows =
                if let computerID {
                    try Row.fetchAll(
                        db.cachedStatement(
                            sql:
                                "\(Self.selectPrinter) WHERE account_id = ? AND computer_id = ? AND removed_at IS NULL ORDER BY name, id"
                        ),
                        arguments: [accountID, computerID])
                } else {
                    try Row.fetchAll(
                        db.cachedStatement(
                            sql:
                                "\(Self.selectPrinter) WHERE account_id = ? AND removed_at IS NULL ORDER BY computer_id, name, id"
                        ),
                        arguments: [accountID])
                }
            return try rows.map(Self.printer(from:))
        }
    }

    func printer(id: String, accountID: String) async throws -> PrinterRecord? {
        try await database.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "\(Self.selectPrinter) WHERE id = ? AND account_id = ? AND removed_at IS NULL"),
                arguments: [id, accountID]
            ).map(Self.printer(from:))
        }
    }

    func delete(computerIDs: [String], accountID: String) async throws -> [String] {
        try await database.write { db in
            var deleted: [String] = []
            for id in computerIDs {
                try db.cachedStatement(sql: "DELETE FROM computers WHERE id = ? AND account_id = ?")
                    .execute(arguments: [id, accountID])
                if db.changesCount > 0 { deleted.append(id) }
            }
            return deleted
        }
    }

    private static let selectComputer = "SELECT \(ComputerRows.computerColumns) FROM computers"
    private static let selectPrinter = "SELECT \(ComputerRows.printerColumns) FROM printers"

    private static func computer(from row: Row) throws -> ComputerRecord {
        try ComputerRows.computer(from: StoredRow(row))
    }

    private static func printer(from row: Row) throws -> PrinterRecord {
        try ComputerRows.printer(from: StoredRow(row))
    }
}
