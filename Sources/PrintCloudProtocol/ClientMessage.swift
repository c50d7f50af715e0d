/// A message from the desktop client to the server on `/ws` (API.md, "WebSocket protocol").
public enum ClientMessage: Sendable, Equatable {
    case auth(Auth)
    case printers([PrinterReport])
    case jobState(JobStateReport)

    /// `{"type": "auth", "apiKey", "computerName", "os", "clientVersion", "computerId"?}`.
    public struct Auth: Codable, Sendable, Equatable {
        public var apiKey: String
        public var computerName: String
        public var os: String?
        public var clientVersion: String?
        /// The id this computer was given before, so it keeps it.
        public var computerId: String?

        public init(
            apiKey: String, computerName: String, os: String? = nil, clientVersion: String? = nil,
            computerId: String? = nil
        ) {
            self.apiKey = apiKey
            self.computerName = computerName
            self.os = os
            self.clientVersion = clientVersion
            self.computerId = computerId
        }
    }

    /// `{"type": "job_state", "jobId", "state", "message"?}`.
    public struct JobStateReport: Codable, Sendable, Equatable {
        public var jobId: String
        public var state: JobState
        public var message: String?

        public init(jobId: String, state: JobState, message: String? = nil) {
            self.jobId = jobId
            self.state = state
            self.message = message
        }
    }
}

extension ClientMessage: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, printers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "auth": self = .auth(try Auth(from: decoder))
        case "printers": self = .printers(try container.decode([PrinterReport].self, forKey: .printers))
        case "job_state": self = .jobState(try JobStateReport(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown message type \"\(type)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .auth(let auth):
            try container.encode("auth", forKey: .type)
            try auth.encode(to: encoder)
        case .printers(let printers):
            try container.encode("printers", forKey: .type)
            try container.encode(printers, forKey: .printers)
        case .jobState(let report):
            try container.encode("job_state", forKey: .type)
            try report.encode(to: encoder)
        }
    }
}
