import Foundation

/// A message from the server to the desktop client on `/ws` (API.md, "WebSocket protocol").
public enum ServerMessage: Sendable, Equatable {
    case authOK(computerId: String)
    case authError(message: String)
    case printersOK(count: Int)
    /// A job to print (API.md's shape, plus `qty`).
    case printJob(PrintJobPayload)
    /// An extension: the job was deleted while sent or printing; cancel it at the printer if still there.
    case cancelJob(jobId: String)
    /// The server could not use a message; the socket stays open.
    case error(message: String)
}

/// The `job` of a `print_job` message.
public struct PrintJobPayload: Codable, Sendable, Equatable {
    public var id: String
    public var printerName: String
    public var contentType: ContentType
    /// The document's URI, or its bytes in base64.
    public var content: String
    public var title: String
    public var options: PrintOptions
    /// How many times to send the document to the printer.
    public var qty: Int
    /// When the job may no longer be handed to the printer (an API timestamp, `2026-12-01T22:01:52.123Z`); a
    /// client refuses a job past it, reporting `error` "expired". Absent: never.
    public var expiresAt: String?

    public init(
        id: String, printerName: String, contentType: ContentType, content: String, title: String,
        options: PrintOptions, qty: Int, expiresAt: String? = nil
    ) {
        self.id = id
        self.printerName = printerName
        self.contentType = contentType
        self.content = content
        self.title = title
        self.options = options
        self.qty = qty
        self.expiresAt = expiresAt
    }

    /// `expiresAt` as a date; nil when absent or unreadable.
    public var expiry: Date? {
        expiresAt.flatMap { try? Date($0, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
    }
}

extension ServerMessage: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, computerId, message, count, job, jobId
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "auth_ok": self = .authOK(computerId: try container.decode(String.self, forKey: .computerId))
        case "auth_error": self = .authError(message: try container.decode(String.self, forKey: .message))
        case "printers_ok": self = .printersOK(count: try container.decode(Int.self, forKey: .count))
        case "print_job": self = .printJob(try container.decode(PrintJobPayload.self, forKey: .job))
        case "cancel_job": self = .cancelJob(jobId: try container.decode(String.self, forKey: .jobId))
        case "error": self = .error(message: try container.decode(String.self, forKey: .message))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown message type \"\(type)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .authOK(let computerId):
            try container.encode("auth_ok", forKey: .type)
            try container.encode(computerId, forKey: .computerId)
        case .authError(let message):
            try container.encode("auth_error", forKey: .type)
            try container.encode(message, forKey: .message)
        case .printersOK(let count):
            try container.encode("printers_ok", forKey: .type)
            try container.encode(count, forKey: .count)
        case .printJob(let job):
            try container.encode("print_job", forKey: .type)
            try container.encode(job, forKey: .job)
        case .cancelJob(let jobId):
            try container.encode("cancel_job", forKey: .type)
            try container.encode(jobId, forKey: .jobId)
        case .error(let message):
            try container.encode("error", forKey: .type)
            try container.encode(message, forKey: .message)
        }
    }
}
