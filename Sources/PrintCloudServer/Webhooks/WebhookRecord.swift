import Foundation

/// A webhook as stored. Its secret is kept as given: it goes out in a header and keys the signature.
public struct WebhookRecord: Sendable, Equatable {
    public var id: String
    public var accountID: String
    public var url: String
    public var secret: String
    /// Event types, or `all`.
    public var events: [String]
    public var active: Bool
    public var createdAt: Date

    /// The events column: `,job.state,printer.state,`, so a subscription is found with one substring test.
    var eventsColumn: String { "," + events.joined(separator: ",") + "," }

    static func events(fromColumn column: String) -> [String] {
        column.split(separator: ",").map(String.init)
    }
}

/// One event on its way to one webhook.
public struct DeliveryRecord: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case pending, succeeded, failed
    }

    public var id: String
    public var webhookID: String
    public var eventType: String
    public var payload: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastStatusCode: Int?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// A delivery that is due, with where it goes.
public struct DueDelivery: Sendable, Equatable {
    public var delivery: DeliveryRecord
    public var url: String
    public var secret: String
}
