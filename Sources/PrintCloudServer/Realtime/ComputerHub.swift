import Foundation
import HummingbirdWebSocket
import Logging
import NIOWebSocket
import PrintCloudProtocol

/// The connected computers of this server and their sockets. The one place that knows which computer is
/// online here; the dispatcher pushes messages through it.
public actor ComputerHub {
    /// One signed-in socket.
    struct Connection: Sendable {
        let id: String
        let computerID: String
        let accountID: String
        let keyID: String
        let outbound: WebSocketOutboundWriter
    }

    private var connections: [String: Connection] = [:]

    public init() {}

    /// Makes `connection` its computer's socket; the socket it replaces, if any, is closed.
    func register(_ connection: Connection) async {
        let replaced = connections.updateValue(connection, forKey: connection.computerID)
        if let replaced {
            try? await replaced.outbound.close(.policyViolation, reason: "replaced by a newer connection")
        }
    }

    /// Forgets `connection` if it is still its computer's socket (a newer one may have replaced it).
    func unregister(_ connection: Connection) {
        if connections[connection.computerID]?.id == connection.id {
            connections[connection.computerID] = nil
        }
    }

    public func isConnected(_ computerID: String) -> Bool {
        connections[computerID] != nil
    }

    public var connectedComputerIDs: [String] { Array(connections.keys) }

    /// Sends `message` to the computer if it is connected here; whether the frame was written.
    public func send(_ message: ServerMessage, to computerID: String) async -> Bool {
        guard let connection = connections[computerID] else { return false }
        do {
            try await connection.outbound.writeTextMessage(try ServerMessage.encodeText(message))
            return true
        } catch {
            return false
        }
    }

    /// Closes the computers' sockets (computers deleted). Each socket's own task then unregisters it.
    public func disconnect(computerIDs: [String], reason: String) async {
        for id in computerIDs {
            try? await connections[id]?.outbound.close(.policyViolation, reason: reason)
        }
    }

    /// Closes the sockets signed in with this key (key revoked).
    public func disconnect(keyID: String, reason: String) async {
        for connection in connections.values where connection.keyID == keyID {
            try? await connection.outbound.close(.policyViolation, reason: reason)
        }
    }
}

extension ServerMessage {
    /// The JSON text frame for this message.
    static func encodeText(_ message: ServerMessage) throws -> String {
        String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
    }
}
