/// A message from the server to the desktop client on `/ws` (API.md, "WebSocket protocol").
public enum ServerMessage: Sendable, Equatable {
    case authOK(computerId: String)
    case authError(message: String)
    case printersOK(count: Int)
    /// The server could not use a message; the socket stays open.
    case error(message: String)
}

extension ServerMessage: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, computerId, message, count
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "auth_ok": self = .authOK(computerId: try container.decode(String.self, forKey: .computerId))
        case "auth_error": self = .authError(message: try container.decode(String.self, forKey: .message))
        case "printers_ok": self = .printersOK(count: try container.decode(Int.self, forKey: .count))
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
        case .error(let message):
            try container.encode("error", forKey: .type)
            try container.encode(message, forKey: .message)
        }
    }
}
