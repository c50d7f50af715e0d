/// A printer as the desktop client reports it in a `printers` message.
public struct PrinterReport: Codable, Sendable, Equatable {
    public var name: String
    /// `color`, `duplex`, `media`, `bins` and anything else the client adds, kept as reported.
    public var capabilities: [String: JSONValue]?
    public var isDefault: Bool?
    /// The printer's own state; `online` when absent.
    public var state: PrinterState?

    public init(
        name: String, capabilities: [String: JSONValue]? = nil, isDefault: Bool? = nil, state: PrinterState? = nil
    ) {
        self.name = name
        self.capabilities = capabilities
        self.isDefault = isDefault
        self.state = state
    }
}

/// A printer's state as `GET /api/printers` shows it.
public enum PrinterState: String, Codable, Sendable, CaseIterable {
    /// Ready to print.
    case online
    /// Printing now.
    case busy
    /// Stopped or not accepting jobs at the print system.
    case stopped
    /// Needs attention (out of paper, jammed, …).
    case error
    /// Its computer is offline, or the print system cannot reach it.
    case offline
}

/// A computer's state: `online` while its socket is open.
public enum ComputerState: String, Codable, Sendable {
    case online
    case offline
}
