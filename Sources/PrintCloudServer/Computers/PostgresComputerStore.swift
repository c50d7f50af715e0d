import Foundation
import PostgresNIO
import PrintCloudProtocol

/// `ComputerStore` on PostgreSQL.
struct PostgresComputerStore: ComputerStore {
    let database: PostgresDatabase

    private var client: PostgresClient { database.client }
    private var logger: Logger { database.logger }

    func signIn(_ signIn: ComputerSignIn, newID: String) async throws -> ComputerRecord {
        try await client.withTransaction(logger: logger) { connection in
            var id = newID
            if let sentID = signIn.computerID,
                try await connection.query(
                    "SELECT id FROM computers WHERE id = \(sentID) AND account_id = \(signIn.accountID) FOR UPDATE",
                    logger: logger
                ).collect().isEmpty == false
            {
                id = sentID
            } else {
                for try await found in try await connection.query(
                    """
                    SELECT id FROM computers WHERE account_id = \(signIn.accountID) AND name = \(signIn.name)
                    ORDER BY created_at, id LIMIT 1 FOR UPDATE
                    """,
                    logger: logger
                ).decode(String.self) {
                    id = found
                }
            }
            var wasOnline = false
            for try await state in try await connection.query(
                "SELECT state FROM computers WHERE id = \(id) FOR UPDATE", logger: logger
            ).decode(String.self) {
                wasOnline = state == ComputerState.online.rawValue
            }
            let rows = try await connection.query(
                """
                INSERT INTO computers (id, account_id, name, os, client_version, state, connection_id, instance_id,
                    last_seen_at, created_at)
                VALUES (\(id), \(signIn.accountID), \(signIn.name), \(signIn.os), \(signIn.clientVersion),
                        \(ComputerState.online.rawValue), \(signIn.connectionID), \(signIn.instanceID), \(signIn.at),
                        \(signIn.at))
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, os = EXCLUDED.os,
                    client_version = EXCLUDED.client_version, state = EXCLUDED.state,
                    connection_id = EXCLUDED.connection_id, instance_id = EXCLUDED.instance_id,
                    last_seen_at = EXCLUDED.last_seen_at
                RETURNING \(unescaped: Self.computerColumns)
                """,
                logger: logger)
            guard let computer = try await Self.computers(rows).first else { throw StoreError.corrupt("computers") }
            let printers =
                wasOnline ? [] : try await Self.currentPrinters(of: computer.id, on: connection, logger: logger)
            let events = ComputerEvents.signedIn(
                accountID: computer.accountID, computerID: computer.id, wasOnline: wasOnline, printers: printers,
                at: signIn.at)
            for event in events { try await PostgresEventWriter.record(event, on: connection, logger: logger) }
            return computer
        }
    }

    func replacePrinters(
        computerID: String, reports: [PrinterReport], at date: Date, newID: @escaping @Sendable () -> String
    ) async throws -> [PrinterRecord] {
        let rows = try reports.map { ($0, try ComputerRows.encode($0.capabilities)) }
        return try await client.withTransaction(logger: logger) { connection in
            var computer: (String, String)?
            for try await found in try await connection.query(
                "SELECT account_id, state FROM computers WHERE id = \(computerID) FOR UPDATE", logger: logger
            ).decode((String, String).self) {
                computer = found
            }
            guard let (accountID, computerState) = computer else { return [] }
            let online = computerState == ComputerState.online.rawValue
            let before = PrinterStates.byName(
                try await Self.currentPrinters(of: computerID, on: connection, logger: logger), computerOnline: online)
            try await connection.query(
                "UPDATE printers SET removed_at = \(date) WHERE computer_id = \(computerID) AND removed_at IS NULL",
                logger: logger)
            for (report, capabilities) in rows {
                try await connection.query(
                    """
                    INSERT INTO printers (id, computer_id, account_id, name, is_default, reported_state, capabilities,
                        created_at, removed_at)
                    VALUES (\(newID()), \(computerID), \(accountID), \(report.name), \(report.isDefault ?? false),
                            \(report.state?.rawValue), \(capabilities), \(date), NULL)
                    ON CONFLICT (computer_id, name) DO UPDATE SET is_default = EXCLUDED.is_default,
                        reported_state = EXCLUDED.reported_state, capabilities = EXCLUDED.capabilities,
                        removed_at = NULL
                    """,
                    logger: logger)
            }
            try await connection.query(
                "UPDATE computers SET last_seen_at = \(date) WHERE id = \(computerID)", logger: logger)
            let printers = try await Self.currentPrinters(of: computerID, on: connection, logger: logger)
            let events = PrinterStates.changes(
                before: before, after: printers, computerOnline: online, accountID: accountID, at: date)
            for event in events { try await PostgresEventWriter.record(event, on: connection, logger: logger) }
            return printers
        }
    }

    func markOffline(computerID: String, connectionID: String, at date: Date) async throws {
        try await client.withTransaction(logger: logger) { connection in
            var previous: (String, String)?
            for try await row in try await connection.query(
                """
                SELECT account_id, state FROM computers WHERE id = \(computerID) AND connection_id = \(connectionID)
                FOR UPDATE
                """,
                logger: logger
            ).decode((String, String).self) {
                previous = row
            }
            guard let (accountID, state) = previous else { return }
            try await connection.query(
                "UPDATE computers SET state = 'offline', last_seen_at = \(date) WHERE id = \(computerID)",
                logger: logger)
            if state == ComputerState.online.rawValue {
                try await Self.recordOffline(
                    computerID: computerID, accountID: accountID, at: date, on: connection, logger: logger)
            }
        }
    }

    func touch(_ connections: [ComputerConnection], at date: Date) async throws -> [ComputerConnection] {
        guard !connections.isEmpty else { return [] }
        var touched = Set<String>()
        for try await id in try await client.query(
            """
            UPDATE computers SET last_seen_at = \(date)
            FROM unnest(\(connections.map(\.computerID))::text[], \(connections.map(\.connectionID))::text[])
                AS live(computer_id, connection_id)
            WHERE computers.id = live.computer_id AND computers.connection_id = live.connection_id
            RETURNING computers.id
            """,
            logger: logger
        ).decode(String.self) {
            touched.insert(id)
        }
        return connections.filter { !touched.contains($0.computerID) }
    }

    func markOrphansOffline(at date: Date) async throws -> Int {
        try await client.withTransaction(logger: logger) { connection in
            var orphans: [(String, String)] = []
            for try await row in try await connection.query(
                """
                UPDATE computers SET state = 'offline' WHERE state = 'online'
                AND (instance_id IS NULL OR instance_id NOT IN (SELECT id FROM instances))
                RETURNING id, account_id
                """,
                logger: logger
            ).decode((String, String).self) {
                orphans.append(row)
            }
            for (id, accountID) in orphans {
                try await Self.recordOffline(
                    computerID: id, accountID: accountID, at: date, on: connection, logger: logger)
            }
            return orphans.count
        }
    }

    /// `computer.disconnected` and each current printer's `printer.state` offline.
    private static func recordOffline(
        computerID: String, accountID: String, at date: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let printers = try await currentPrinters(of: computerID, on: connection, logger: logger)
        for event in ComputerEvents.wentOffline(
            accountID: accountID, computerID: computerID, printers: printers, at: date)
        {
            try await PostgresEventWriter.record(event, on: connection, logger: logger)
        }
    }

    private static func currentPrinters(of computerID: String, on connection: PostgresConnection, logger: Logger)
        async throws -> [PrinterRecord]
    {
        try await printers(
            try await connection.query(
                """
                SELECT \(unescaped: printerColumns) FROM printers
                WHERE computer_id = \(computerID) AND removed_at IS NULL ORDER BY name
                """,
                logger: logger))
    }

    func computers(accountID: String) async throws -> [ComputerRecord] {
        try await Self.computers(
            try await client.query(
                """
                SELECT \(unescaped: Self.computerColumns) FROM computers WHERE account_id = \(accountID)
                ORDER BY created_at, id
                """,
                logger: logger))
    }

    func computer(id: String, accountID: String) async throws -> ComputerRecord? {
        try await Self.computers(
            try await client.query(
                """
                SELECT \(unescaped: Self.computerColumns) FROM computers WHERE id = \(id) AND account_id = \(accountID)
                """,
                logger: logger)
        ).first
    }

    func printers(accountID: String, computerID: String?) async throws -> [PrinterRecord] {
        let rows =
            if let computerID {
                try await client.query(
                    """
                    SELECT \(unescaped: Self.printerColumns) FROM printers WHERE account_id = \(accountID)
                    AND computer_id = \(computerID) AND removed_at IS NULL ORDER BY name, id
                    """,
                    logger: logger)
            } else {
                try await client.query(
                    """
                    SELECT \(unescaped: Self.printerColumns) FROM printers WHERE account_id = \(accountID)
                    AND removed_at IS NULL ORDER BY computer_id, name, id
                    """,
                    logger: logger)
            }
        return try await Self.printers(rows)
    }

    func printer(id: String, accountID: String) async throws -> PrinterRecord? {
        try await Self.printers(
            try await client.query(
                """
                SELECT \(unescaped: Self.printerColumns) FROM printers WHERE id = \(id) AND account_id = \(accountID)
                AND removed_at IS NULL
                """,
                logger: logger)
        ).first
    }

    func delete(computerIDs: [String], accountID: String) async throws -> [String] {
        var deleted: [String] = []
        let rows = try await client.query(
            "DELETE FROM computers WHERE id = ANY(\(computerIDs)) AND account_id = \(accountID) RETURNING id",
            logger: logger)
        for try await id in rows.decode(String.self) { deleted.append(id) }
        return computerIDs.filter(deleted.contains)
    }

    private static let computerColumns = ComputerRows.computerColumns
    private static let printerColumns = ComputerRows.printerColumns

    private static func computers(_ rows: PostgresRowSequence) async throws -> [ComputerRecord] {
        try await rows.stored(ComputerRows.computer(from:))
    }

    private static func printers(_ rows: PostgresRowSequence) async throws -> [PrinterRecord] {
        try await rows.stored(ComputerRows.printer(from:))
    }
}
