import Foundation
import PrintCloudProtocol

/// Something that happened, written in the same transaction as the change that fired it (the webhook
/// outbox). `payload` is the JSON a webhook receiver gets, always with `type` and `timestamp`.
public struct Event: Sendable, Equatable {
    public var accountID: String
    public var type: String
    public var payload: String
    public var createdAt: Date

    static func jobCreated(_ job: JobRecord) -> Event {
        make(
            accountID: job.accountID, type: "job.created", at: job.createdAt,
            fields: ["jobId": job.id, "state": job.state.rawValue])
    }

    static func jobState(_ job: JobRecord, at date: Date) -> Event {
        make(
            accountID: job.accountID, type: "job.state", at: date,
            fields: ["jobId": job.id, "state": job.state.rawValue])
    }

    private static func make(accountID: String, type: String, at date: Date, fields: [String: String]) -> Event {
        var object = fields
        object["type"] = type
        object["timestamp"] = date.formatted(.iso8601)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let payload = String(decoding: (try? encoder.encode(object)) ?? Data("{}".utf8), as: UTF8.self)
        return Event(accountID: accountID, type: type, payload: payload, createdAt: date)
    }
}
