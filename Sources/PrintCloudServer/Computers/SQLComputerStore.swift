import Foundation
import PrintCloudProtocol

/// `ComputerStore` on either engine.
struct SQLComputerStore<Database: SQLStatements>: ComputerStore {
    let database: Database

    func signIn(_ signIn: ComputerSignIn, newID: String) async throws -> ComputerRecord {
        // The computer of the id it sent back if that is the account's, else the oldest of its name: two
        // indexed reads (one query with `id = ? OR name = ?` scans every computer of the account).
        let byName = Self.lock(
            "SELECT id, state FROM computers WHERE account_id = ? AND name = ? ORDER BY created_at, id LIMIT 1",
            signIn.accountID, signIn.name)
        let named: SQLTransaction<ComputerRecord> = .read(byName, Self.found(from:)) { found in
            Self.signIn(signIn, as: found.first, newID: newID)
        }
        guard let sentID = signIn.computerID else { return try await database.run(named) }
        let byID = Self.lock(
            "SELECT id, state FROM computers WHERE id = ? AND account_id = ?", sentID, signIn.accountID)
        return try await database.run(
            .read(byID, Self.found(from:)) { found in
                guard let computer = found.first else { return named }
                return Self.signIn(signIn, as: computer, newID: newID)
            })
    }

    /// Marks the computer `found` (or a new one, `newID`) online, with the events a sign-in fires.
    private static func signIn(
        _ signIn: ComputerSignIn, as found: (id: String, state: String)?, newID: String
    ) -> SQLTransaction<ComputerRecord> {
        let wasOnline = found?.state == ComputerState.online.rawValue
        let upsert = SQL(
            """
            INSERT INTO computers (id, account_id, name, os, client_version, state, connection_id,
                instance_id, last_seen_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, os = excluded.os,
                client_version = excluded.client_version, state = excluded.state,
                connection_id = excluded.connection_id, instance_id = excluded.instance_id,
                last_seen_at = excluded.last_seen_at
            RETURNING \(ComputerRows.computerColumns)
            """,
            found?.id ?? newID, signIn.accountID, signIn.name, signIn.os, signIn.clientVersion,
            ComputerState.online.rawValue, signIn.connectionID, signIn.instanceID, signIn.at, signIn.at)
        return .read(upsert, ComputerRows.computer(from:)) { written in
            guard let computer = written.first else { throw StoreError.corrupt("computers") }
            return .read(currentPrinters(of: computer.id), ComputerRows.printer(from:)) { printers in
                let events = ComputerEvents.signedIn(
                    accountID: computer.accountID, computerID: computer.id, wasOnline: wasOnline, printers: printers,
                    at: signIn.at)
                return .write(events.flatMap(EventSQL.record), answer: computer)
            }
        }
    }

    @Sendable private static func found(from row: StoredRow) throws -> (id: String, state: String) {
        (try row.value("id"), try row.value("state"))
    }

    /// `select`, its rows locked until the commit on PostgreSQL.
    private static func lock(_ select: String, _ values: any SQLBindable...) -> SQL {
        SQL(sqlite: select, postgres: select + " FOR UPDATE", values.map(\.sqlValue))
    }

    func replacePrinters(
        computerID: String, reports: [PrinterReport], at date: Date, newID: @escaping @Sendable () -> String
    ) async throws -> [PrinterRecord] {
        let rows = try reports.map { ($0, try ComputerRows.encode($0.capabilities)) }
        return try await database.run(
            .read(Self.lockComputer(computerID), Self.owner(from:)) { found in
                guard let (accountID, online) = found.first else { return .done([]) }
                let writes =
                    [
                        SQL(
                            "UPDATE printers SET removed_at = ? WHERE computer_id = ? AND removed_at IS NULL", date,
                            computerID)
                    ]
                    + rows.map { report, capabilities in
                        SQL(
                            """
                            INSERT INTO printers (id, computer_id, account_id, name, is_default, reported_state,
                                capabilities, created_at, removed_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
                            ON CONFLICT (computer_id, name) DO UPDATE SET is_default = excluded.is_default,
                                reported_state = excluded.reported_state, capabilities = excluded.capabilities,
                                removed_at = NULL
                            """,
                            newID(), computerID, accountID, report.name, report.isDefault ?? false,
                            report.state?.rawValue, capabilities, date)
                    } + [SQL("UPDATE computers SET last_seen_at = ? WHERE id = ?", date, computerID)]
                return .read(Self.currentPrinters(of: computerID), ComputerRows.printer(from:)) { current in
                    let before = PrinterStates.byName(current, computerOnline: online)
                    return .write(
                        writes,
                        then: .read(Self.currentPrinters(of: computerID), ComputerRows.printer(from:)) { printers in
                            let events = PrinterStates.changes(
                                before: before, after: printers, computerOnline: online, accountID: accountID,
                                at: date)
                            return .write(events.flatMap(EventSQL.record), answer: printers)
                        })
                }
            })
    }

    func markOffline(computerID: String, connectionID: String, at date: Date) async throws {
        let find = Self.lock(
            "SELECT account_id, state FROM computers WHERE id = ? AND connection_id = ?", computerID, connectionID)
        try await database.run(
            .read(find, Self.owner(from:)) {
                found in
                guard let (accountID, online) = found.first else { return .done(()) }
                let update = SQL(
                    "UPDATE computers SET state = 'offline', last_seen_at = ? WHERE id = ?", date, computerID)
                guard online else { return .write([update], answer: ()) }
                return .write(
                    [update],
                    then: Self.wentOffline(computerID: computerID, accountID: accountID, at: date, then: .done(())))
            })
    }

    func stale(_ connections: [ComputerConnection]) async throws -> [ComputerConnection] {
        var current = Set<String>()
        // A statement per 500 sockets keeps well under either engine's limit of bound values. Connection ids are
        // unique per socket, so a row whose id and connection id are both among the chunk's is one of its pairs;
        // two IN lists use the primary key, where a list of pairs scans the table.
        for start in stride(from: 0, to: connections.count, by: 500) {
            let chunk = connections[start..<min(start + 500, connections.count)]
            let list = SQL.placeholders(chunk.count)
            let ids = try await database.read(
                SQL(
                    "SELECT id FROM computers WHERE id IN (\(list)) AND connection_id IN (\(list))",
                    chunk.map { .text($0.computerID) } + chunk.map { .text($0.connectionID) })
            ) { try $0.value("id", as: String.self) }
            current.formUnion(ids)
        }
        return connections.filter { !current.contains($0.computerID) }
    }

    func markOrphansOffline(at date: Date) async throws -> Int {
        let orphans = SQL(
            """
            UPDATE computers SET state = 'offline' WHERE state = 'online'
            AND (instance_id IS NULL OR instance_id NOT IN (SELECT id FROM instances))
            RETURNING id, account_id
            """)
        return try await database.run(
            .read(
                orphans,
                { (id: try $0.value("id", as: String.self), account: try $0.value("account_id", as: String.self)) }
            ) {
                orphans in
                orphans.reversed().reduce(.done(orphans.count)) { next, orphan in
                    Self.wentOffline(computerID: orphan.id, accountID: orphan.account, at: date, then: next)
                }
            })
    }

    func computers(accountID: String) async throws -> [ComputerRecord] {
        try await database.read(
            SQL("\(ComputerRows.selectComputer) WHERE account_id = ? ORDER BY created_at, id", accountID),
            ComputerRows.computer(from:))
    }

    func computer(id: String, accountID: String) async throws -> ComputerRecord? {
        try await database.readRow(
            SQL("\(ComputerRows.selectComputer) WHERE id = ? AND account_id = ?", id, accountID),
            ComputerRows.computer(from:))
    }

    func printers(accountID: String, computerID: String?) async throws -> [PrinterRecord] {
        let sql =
            if let computerID {
                SQL(
                    "\(ComputerSQL.selectPrinter) WHERE account_id = ? AND computer_id = ? AND removed_at IS NULL ORDER BY name, id",
                    accountID, computerID)
            } else {
                SQL(
                    "\(ComputerSQL.selectPrinter) WHERE account_id = ? AND removed_at IS NULL ORDER BY computer_id, name, id",
                    accountID)
            }
        return try await database.read(sql, ComputerRows.printer(from:))
    }

    func printer(id: String, accountID: String) async throws -> PrinterRecord? {
        try await database.readRow(
            SQL("\(ComputerSQL.selectPrinter) WHERE id = ? AND account_id = ? AND removed_at IS NULL", id, accountID),
            ComputerRows.printer(from:))
    }

    func delete(computerIDs: [String], accountID: String) async throws -> [String] {
        guard !computerIDs.isEmpty else { return [] }
        let deleted = Set(
            try await database.write(
                SQL(
                    "DELETE FROM computers WHERE id IN (\(SQL.placeholders(computerIDs.count))) AND account_id = ? RETURNING id",
                    computerIDs.map(\.sqlValue) + [.text(accountID)])
            ) { try $0.value("id", as: String.self) })
        var seen = Set<String>()
        return computerIDs.filter { deleted.contains($0) && seen.insert($0).inserted }
    }

    /// `computer.disconnected` and each current printer's `printer.state` offline, then `next`.
    private static func wentOffline<T>(
        computerID: String, accountID: String, at date: Date, then next: SQLTransaction<T>
    ) -> SQLTransaction<T> {
        .read(currentPrinters(of: computerID), ComputerRows.printer(from:)) { printers in
            let events = ComputerEvents.wentOffline(
                accountID: accountID, computerID: computerID, printers: printers, at: date)
            return .write(events.flatMap(EventSQL.record), then: next)
        }
    }

    private static func currentPrinters(of computerID: String) -> SQL {
        SQL("\(ComputerSQL.selectPrinter) WHERE computer_id = ? AND removed_at IS NULL ORDER BY name", computerID)
    }

    /// The computer's account and whether it is online, its row locked until the commit on PostgreSQL.
    private static func lockComputer(_ computerID: String) -> SQL {
        lock("SELECT account_id, state FROM computers WHERE id = ?", computerID)
    }

    @Sendable private static func owner(from row: StoredRow) throws -> (accountID: String, online: Bool) {
        (try row.value("account_id"), try row.value("state", as: String.self) == ComputerState.online.rawValue)
    }
}

/// The statement texts of `SQLComputerStore`, built once (a generic type cannot hold static stored properties).
private enum ComputerSQL {
    static let selectPrinter = "SELECT \(ComputerRows.printerColumns) FROM printers"
}
