import Foundation
import PrintCloudProtocol

/// How computers and printers read from their rows, the same on both engines; a state or capabilities the
/// server never writes is `StoreError.corrupt`.
enum ComputerRows {
    static let computerColumns = "id, account_id, name, os, client_version, state, last_seen_at, created_at"
    /// A connected computer was last heard from when its instance last saw its sockets alive (an open socket
    /// answers pings), unless it spoke since: the heartbeat writes one instance row, not a row per computer.
    static let selectComputer = """
        SELECT id, account_id, name, os, client_version, state, created_at,
            CASE WHEN state = 'online' AND \(instanceBeat) > last_seen_at THEN \(instanceBeat) ELSE last_seen_at END
            AS last_seen_at
        FROM computers
        """
    private static let instanceBeat = "(SELECT heartbeat_at FROM instances WHERE instances.id = computers.instance_id)"
    static let printerColumns = "id, computer_id, account_id, name, is_default, reported_state, capabilities"

    @Sendable static func computer(from row: StoredRow) throws -> ComputerRecord {
        ComputerRecord(
            id: try row.value("id"), accountID: try row.value("account_id"), name: try row.value("name"),
            os: try row.value("os"), clientVersion: try row.value("client_version"), state: try row.value("state"),
            lastSeenAt: try row.value("last_seen_at"), createdAt: try row.value("created_at"))
    }

    @Sendable static func printer(from row: StoredRow) throws -> PrinterRecord {
        PrinterRecord(
            id: try row.value("id"), computerID: try row.value("computer_id"), accountID: try row.value("account_id"),
            name: try row.value("name"), isDefault: try row.value("is_default"),
            reportedState: try row.optional("reported_state"),
            capabilities: try row.json("capabilities", as: [String: JSONValue].self))
    }

    /// Capabilities are stored as the JSON text the client sent.
    static func encode(_ capabilities: [String: JSONValue]?) throws -> String {
        String(decoding: try JSONEncoder().encode(capabilities ?? [:]), as: UTF8.self)
    }
}
