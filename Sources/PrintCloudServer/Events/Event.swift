import Foundation
import PrintCloudProtocol

/// Something that happened, written in the same transaction as the change that fired it (the webhook
/// outbox). `payload` is the JSON a webhook receiver gets, always with `type` and `timestamp`.
public struct Event: Sendable, Equatable {
    public var accountID: String
    public var type: String
    public var payload: String
    /// Events with the same key reach a receiver in the order they happened (a job's, a computer's).
    public var orderKey: String
    public var createdAt: Date

    /// Every event type a webhook may subscribe to; `all` stands for each of them.
    public static let types = [
        "job.created", "job.state", "computer.connected", "computer.disconnected", "printer.state",
    ]

    static func jobCreated(_ job: JobRecord) -> Event {
        make(
            job.accountID, "job.created", at: job.createdAt, key: job.id,
            ["jobId": job.id, "state": job.state.rawValue])
    }

    static func jobState(_ job: JobRecord, at date: Date) -> Event {
        make(job.accountID, "job.state", at: date, key: job.id, ["jobId": job.id, "state": job.state.rawValue])
    }

    static func computerConnected(accountID: String, computerID: String, at date: Date) -> Event {
        make(accountID, "computer.connected", at: date, key: computerID, ["computerId": computerID])
    }

    static func computerDisconnected(accountID: String, computerID: String, at date: Date) -> Event {
        make(accountID, "computer.disconnected", at: date, key: computerID, ["computerId": computerID])
    }

    static func printerState(accountID: String, printerID: String, state: PrinterState, at date: Date) -> Event {
        make(accountID, "printer.state", at: date, key: printerID, ["printerId": printerID, "state": state.rawValue])
    }

    /// The `ping` a webhook's test sends.
    static func ping(accountID: String, webhookID: String, at date: Date) -> Event {
        make(accountID, "ping", at: date, key: webhookID, ["webhookId": webhookID])
    }

    private static func make(
        _ accountID: String, _ type: String, at date: Date, key: String, _ fields: [String: String]
    ) -> Event {
        var object = fields
        object["type"] = type
        object["timestamp"] = date.apiTimestamp
        return Event(
            accountID: accountID, type: type, payload: EventPayload.json(object), orderKey: key, createdAt: date)
    }
}
