import Foundation
import PrintCloudProtocol

/// How a job and its history read from their rows, the same on both engines. A state, content type or options
/// the server never writes is `StoreError.corrupt`: a job must never print with default options or show a
/// state it is not in.
enum JobRows {
    static let columns = """
        id, account_id, printer_id, computer_id, printer_name, title, content_type, content_size, qty, options, \
        state, state_message, created_at, updated_at, expires_at
        """

    /// `'completed', 'error'`: the finished states, for `state IN (…)`.
    static let finishedStates = quoted(JobState.allCases.filter(\.isFinished))
    /// `'pending', 'sent', 'printing'`: the states of a job still queued for its computer.
    static let queuedStates = quoted(JobState.allCases.filter { !$0.isFinished })

    private static func quoted(_ states: [JobState]) -> String {
        states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }

    @Sendable static func job(from row: StoredRow) throws -> JobRecord {
        JobRecord(
            id: try row.value("id"), accountID: try row.value("account_id"), printerID: try row.value("printer_id"),
            computerID: try row.value("computer_id"), printerName: try row.value("printer_name"),
            title: try row.value("title"), contentType: try row.value("content_type"),
            contentSize: try row.value("content_size"), qty: try row.value("qty"),
            options: try row.json("options", as: PrintOptions.self), state: try row.value("state"),
            stateMessage: try row.optional("state_message"), createdAt: try row.value("created_at"),
            updatedAt: try row.value("updated_at"), expiresAt: try row.optional("expires_at"))
    }

    @Sendable static func stateChange(from row: StoredRow) throws -> JobStateChange {
        JobStateChange(state: try row.value("state"), message: try row.optional("message"), at: try row.value("at"))
    }

    /// Options are stored as their JSON.
    static func encode(_ options: PrintOptions) throws -> String {
        String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
    }
}
