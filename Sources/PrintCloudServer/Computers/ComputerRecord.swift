import Foundation
import PrintCloudProtocol

/// A desktop client's computer as stored.
public struct ComputerRecord: Sendable, Equatable {
    public var id: String
    public var accountID: String
    public var name: String
    public var os: String
    public var clientVersion: String
    public var state: ComputerState
    public var lastSeenAt: Date
    public var createdAt: Date
}

/// A printer as stored: one of a computer's printers, found by its name on that computer.
public struct PrinterRecord: Sendable, Equatable {
    public var id: String
    public var computerID: String
    public var accountID: String
    public var name: String
    public var isDefault: Bool
    /// The state the client reported, if any.
    public var reportedState: PrinterState?
    public var capabilities: [String: JSONValue]
}

/// What a computer says about itself when it signs in.
public struct ComputerSignIn: Sendable, Equatable {
    public var accountID: String
    /// The id it was given before, if it sent one back.
    public var computerID: String?
    public var name: String
    public var os: String
    public var clientVersion: String
    /// Names this socket, so that only its own closing marks the computer offline.
    public var connectionID: String
    /// The server instance holding the socket: when it dies, the others mark the computer offline.
    public var instanceID: String
    public var at: Date
}
