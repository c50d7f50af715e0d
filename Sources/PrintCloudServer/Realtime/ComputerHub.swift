import Foundation
import HummingbirdWebSocket
import Logging
import NIOWebSocket
import PrintCloudProtocol
import Prometheus

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
    /// Connections whose computer has reported its printers, so jobs may be pushed to them.
    private var ready: Set<String> = []
    /// What each connection holds of each printer's queue (connection id → printer id → lane).
    private var lanes: [String: [String: DispatchLane]] = [:]

    public init() {}

    /// Makes `connection` its computer's socket; the socket it replaces, if any, is closed.
    func register(_ connection: Connection) async {
        let replaced = connections.updateValue(connection, forKey: connection.computerID)
        if let replaced {
            ready.remove(replaced.id)
            lanes[replaced.id] = nil
            try? await replaced.outbound.close(.policyViolation, reason: "replaced by a newer connection")
        }
    }

    /// How many computers are signed in here.
    var connectedCount: Int { connections.count }

    /// Forgets `connection` if it is still its computer's socket (a newer one may have replaced it).
    func unregister(_ connection: Connection) {
        if connections[connection.computerID]?.id == connection.id {
            connections[connection.computerID] = nil
        }
        ready.remove(connection.id)
        lanes[connection.id] = nil
    }

    /// Marks the connection ready for jobs; whether it was not before (its first printer report).
    func markReady(_ connection: Connection) -> Bool {
        guard connections[connection.computerID]?.id == connection.id else { return false }
        return ready.insert(connection.id).inserted
    }

    /// Begins a read of the printer's lane on the computer's socket here; the socket's id, or nil when the
    /// computer is not ready here or a read of the lane is under way (that one reads again).
    func beginLaneRead(computerID: String, printerID: String) -> String? {
        guard let connection = connections[computerID], ready.contains(connection.id) else { return nil }
        return lanes[connection.id, default: [:]][printerID, default: DispatchLane()].beginRead() ? connection.id : nil
    }

    /// Decides how a job just created reaches the computer's socket here (see `DispatchLane.admit`), with the
    /// socket's id; nil when the computer is not ready here.
    func admit(_ job: JobRecord, window: Int) -> (DispatchLane.Admission, connectionID: String)? {
        guard let connection = connections[job.computerID], ready.contains(connection.id) else { return nil }
        let admission = lanes[connection.id, default: [:]][job.printerID, default: DispatchLane()].admit(
            job, window: window)
        return (admission, connection.id)
    }

    /// The jobs of `head` the socket must be offered now (see `DispatchLane.take`); nil if it has closed.
    func takeLaneHead(connectionID: String, printerID: String, head: [JobRecord], window: Int) -> [JobRecord]? {
        lanes[connectionID]?[printerID]?.take(head: head, window: window)
    }

    /// Ends a read of a lane; true if it must be read again.
    func endLaneRead(connectionID: String, printerID: String) -> Bool {
        lanes[connectionID]?[printerID]?.endRead() ?? false
    }

    /// A job of the computer finished or was deleted: it leaves its socket's window here. What fills its place
    /// (see `DispatchLane.finish`), on which socket and printer, if anything must be done.
    func finish(jobID: String, computerID: String) -> (
        refill: DispatchLane.Refill, connectionID: String, printerID: String
    )? {
        guard let connection = connections[computerID],
            let printerID = lanes[connection.id]?.first(where: { $0.value.holds(jobID) })?.key,
            let refill = lanes[connection.id]?[printerID]?.finish(jobID)
        else { return nil }
        return (refill, connection.id, printerID)
    }

    /// Writes a `print_job` on the socket if it is still open here; whether the frame was written.
    func offer(_ job: PrintJobPayload, connectionID: String, computerID: String) async -> Bool {
        guard let connection = connections[computerID], connection.id == connectionID else { return false }
        do {
            try await connection.outbound.send(.printJob(job))
            return true
        } catch {
            return false
        }
    }

    /// Whether the computer is connected here and ready for jobs.
    func isReady(_ computerID: String) -> Bool {
        connections[computerID].map { ready.contains($0.id) } ?? false
    }

    /// The sockets open here.
    var openConnections: [ComputerConnection] {
        connections.values.map { ComputerConnection(computerID: $0.computerID, connectionID: $0.id) }
    }

    /// The computers connected here that have reported their printers.
    var readyComputerIDs: [String] {
        connections.values.filter { ready.contains($0.id) }.map(\.computerID)
    }

    /// Sends `message` to the computer if it is connected here; whether the frame was written.
    public func send(_ message: ServerMessage, to computerID: String) async -> Bool {
        guard let connection = connections[computerID] else { return false }
        do {
            try await connection.outbound.send(message)
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

    /// Closes the computer's socket here unless it is `connectionID` (it signed in again elsewhere).
    func close(computerID: String, except connectionID: String, reason: String) async {
        guard let connection = connections[computerID], connection.id != connectionID else { return }
        try? await connection.outbound.close(.policyViolation, reason: reason)
    }

    /// Closes this socket if it is open here.
    func close(_ connection: ComputerConnection, reason: String) async {
        guard let open = connections[connection.computerID], open.id == connection.connectionID else { return }
        try? await open.outbound.close(.policyViolation, reason: reason)
    }

    /// Closes the sockets signed in with this key (key revoked).
    public func disconnect(keyID: String, reason: String) async {
        for connection in connections.values where connection.keyID == keyID {
            try? await connection.outbound.close(.policyViolation, reason: reason)
        }
    }
}

extension WebSocketOutboundWriter {
    /// Writes `message` as one JSON text frame.
    func send(_ message: ServerMessage) async throws {
        try await writeTextMessage(String(decoding: try JSONEncoder().encode(message), as: UTF8.self))
        Metrics.messagesOut.increment()
    }
}
