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
            let rows = try await connection.query(
                """
                INSERT INTO computers (id, account_id, name, os, client_version, state, connection_id, last_seen_at,
                    created_at)
                VALUES (\(id), \(signIn.accountID), \(signIn.name), \(signIn.os), \(signIn.clientVersion),
                        \(ComputerState.online.rawValue), \(signIn.connectionID), \(signIn.at), \(signIn.at))
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, os = EXCLUDED.os,
                    client_version = EXCLUDED.client_version, state = EXCLUDED.state,
                    connection_id = EXCLUDED.connection_id, last_seen_at = EXCLUDED.last_seen_at
                RETURNING \(unescaped: Self.computerColumns)
                """,
                logger: logger)
            return try await Self.computers(rows).first!
        }
    }

    func replacePrinters(
        computerID: String, reports: [PrinterReport], at date: Date, newID: @escaping @Sendable () -> String
    ) async throws -> [PrinterRecord] {
        let rows = try reports.map { ($0, try encodeCapabilities($0.capabilities)) }
        return try await client.withTransaction(logger: logger) { connection in
            var accountID: String?
            for try await found in try await connection.query(
                "SELECT account_id FROM computers WHERE id = \(computerID) FOR UPDATE", logger: logger
            ).decode(String.self) {
                accountID = found
            }
            guard let accountID else { return [] }
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
            return try await Self.printers(
                try await connection.query(
                    """
                    SELECT \(unescaped: Self.printerColumns) FROM printers
                    WHERE computer_id = \(computerID) AND removed_at IS NULL ORDER BY name
                    """,
                    logger: logger))
        }
    }

    func markOffline(computerID: String, connectionID: String, at date: Date) async throws {
        try await client.query(
            """
            UPDATE computers SET state = 'offline', last_seen_at = \(date)
            WHERE id = \(computerID) AND connection_id = \(connectionID)
            """,
            logger: logger)
    }

    func touch(computerIDs: [String], at date: Date) async throws {
        guard !computerIDs.isEmpty else { return }
        try await client.query(
            "UPDATE computers SET last_seen_at = \(date) WHERE id = ANY(\(computerIDs))", logger: logger)
    }

    func markAllOffline() async throws {
        try await client.query("UPDATE computers SET state = 'offline'", logger: logger)
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

    private static let computerColumns = "id, account_id, name, os, client_version, state, last_seen_at, created_at"
    private static let printerColumns =
        "id, computer_id, account_id, name, is_default, reported_state, capabilities"

    private static func computers(_ rows: PostgresRowSequence) async throws -> [ComputerRecord] {
        var computers: [ComputerRecord] = []
        for try await (id, accountID, name, os, clientVersion, state, lastSeenAt, createdAt) in rows.decode(
            (String, String, String, String, String, String, Date, Date).self)
        {
            computers.append(
                ComputerRecord(
                    id: id, accountID: accountID, name: name, os: os, clientVersion: clientVersion,
                    state: ComputerState(rawValue: state) ?? .offline, lastSeenAt: lastSeenAt, createdAt: createdAt))
        }
        return computers
    }

    private static func printers(_ rows: PostgresRowSequence) async throws -> [PrinterRecord] {
        var printers: [PrinterRecord] = []
        for try await (id, computerID, accountID, name, isDefault, reportedState, capabilities) in rows.decode(
            (String, String, String, String, Bool, String?, String).self)
        {
            printers.append(
                PrinterRecord(
                    id: id, computerID: computerID, accountID: accountID, name: name, isDefault: isDefault,
                    reportedState: reportedState.flatMap(PrinterState.init),
                    capabilities: decodeCapabilities(capabilities)))
        }
        return printers
    }
}
