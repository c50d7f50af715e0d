import Foundation
import PrintCloudProtocol

/// The rules for computers and printers: sign-in identity, printer reports, state, and what the API shows.
/// Knows nothing of HTTP or sockets.
public struct ComputerService: Sendable {
    let store: any ComputerStore
    let clock: WallClock
    /// The printers jobs were made for lately, by account and id. A printer its computer stopped reporting, or
    /// whose computer was deleted, takes no job from then on here, on the other instances once the cluster bus
    /// tells them, and everywhere once the lifetime has passed, should that message be lost.
    let recentPrinters: RecentReads<PrinterRecord>

    /// Most printers one computer may report.
    static let maximumPrinters = 500

    /// `printerCacheLifetime`: how long a printer is trusted to take jobs without reading it again.
    public init(store: any ComputerStore, clock: WallClock, printerCacheLifetime: Duration = .zero) {
        self.store = store
        self.clock = clock
        self.recentPrinters = RecentReads(lifetime: printerCacheLifetime)
    }

    /// Signs a computer in: keeps its id when it comes back, and marks it online.
    public func signIn(accountID: String, auth: ClientMessage.Auth, connectionID: String, instanceID: String)
        async throws -> ComputerRecord
    {
        let name = auth.computerName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw ServiceError.invalid("computerName", "must not be empty") }
        try TextLength.check(name, field: "computerName", max: 255)
        try TextLength.check(auth.os ?? "", field: "os", max: 100)
        try TextLength.check(auth.clientVersion ?? "", field: "clientVersion", max: 100)
        let signIn = ComputerSignIn(
            accountID: accountID, computerID: auth.computerId, name: name, os: auth.os ?? "",
            clientVersion: auth.clientVersion ?? "", connectionID: connectionID, instanceID: instanceID,
            at: clock.now())
        return try await store.signIn(signIn, newID: Identifiers.make("cmp_"))
    }

    /// Replaces the computer's printers with this report; how many it has now.
    public func reportPrinters(_ reports: [PrinterReport], computerID: String) async throws -> Int {
        guard reports.count <= Self.maximumPrinters else {
            throw ServiceError.invalid("printers", "at most \(Self.maximumPrinters) printers per computer")
        }
        var names = Set<String>()
        for (index, report) in reports.enumerated() {
            guard !report.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ServiceError.invalid("printers[\(index)].name", "must not be empty")
            }
            try TextLength.check(report.name, field: "printers[\(index)].name", max: 255)
            guard names.insert(report.name).inserted else {
                throw ServiceError.invalid("printers[\(index)].name", "\"\(report.name)\" is reported twice")
            }
        }
        let printers = try await store.replacePrinters(
            computerID: computerID, reports: reports, at: clock.now(), newID: { Identifiers.make("prn_") })
        recentPrinters.forget { $0.computerID == computerID }
        return printers.count
    }

    /// Marks the computer offline, unless a newer connection has signed it in since `connectionID`.
    public func markOffline(computerID: String, connectionID: String) async throws {
        try await store.markOffline(computerID: computerID, connectionID: connectionID, at: clock.now())
    }

    /// The connections whose computer has signed in on another connection since, or was deleted.
    public func stale(_ connections: [ComputerConnection]) async throws -> [ComputerConnection] {
        try await store.stale(connections)
    }

    /// Marks offline the computers held by instances that are gone; how many.
    public func markOrphansOffline() async throws -> Int {
        try await store.markOrphansOffline(at: clock.now())
    }

    public func computers(accountID: String) async throws -> [ComputerView] {
        let printers = Dictionary(grouping: try await store.printers(accountID: accountID, computerID: nil)) {
            $0.computerID
        }
        return try await store.computers(accountID: accountID).map { computer in
            ComputerView(computer: computer, printers: printers[computer.id] ?? [])
        }
    }

    public func computer(id: String, accountID: String) async throws -> ComputerView {
        guard let computer = try await store.computer(id: id, accountID: accountID) else {
            throw ServiceError.notFound("No computer \(id)")
        }
        let printers = try await store.printers(accountID: accountID, computerID: id)
        return ComputerView(computer: computer, printers: printers)
    }

    /// The account's printers, with the state their computers give them.
    public func printers(accountID: String) async throws -> [PrinterView] {
        let states = Dictionary(
            uniqueKeysWithValues: try await store.computers(accountID: accountID).map { ($0.id, $0.state) })
        return try await store.printers(accountID: accountID, computerID: nil).map {
            PrinterView(printer: $0, computerState: states[$0.computerID] ?? .offline)
        }
    }

    /// The account's printer a new job goes to, nil when it has none by that id (through `recentPrinters`).
    func printerTakingJobs(id: String, accountID: String) async throws -> PrinterRecord? {
        try await recentPrinters.value(for: accountID + "/" + id) {
            try await store.printer(id: id, accountID: accountID)
        }
    }

    public func printer(id: String, accountID: String) async throws -> PrinterView {
        guard let printer = try await store.printer(id: id, accountID: accountID),
            let computer = try await store.computer(id: printer.computerID, accountID: accountID)
        else { throw ServiceError.notFound("No printer \(id)") }
        return PrinterView(printer: printer, computerState: computer.state)
    }

    /// Deletes the account's computers among `ids`; the ids deleted. None of them: not found.
    public func delete(ids: [String], accountID: String) async throws -> [String] {
        let deleted = try requireSomeDeleted(
            try await store.delete(computerIDs: ids, accountID: accountID), of: ids, kind: "computer")
        let gone = Set(deleted)
        recentPrinters.forget { gone.contains($0.computerID) }
        return deleted
    }

}

/// A printer as the API shows it.
public struct PrinterView: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var computerId: String
    public var state: PrinterState
    public var isDefault: Bool
    public var capabilities: [String: JSONValue]

    init(printer: PrinterRecord, computerState: ComputerState) {
        id = printer.id
        name = printer.name
        computerId = printer.computerID
        // A printer of an offline computer is offline whatever it last said about itself.
        state = computerState == .offline ? .offline : (printer.reportedState ?? .online)
        isDefault = printer.isDefault
        capabilities = printer.capabilities
    }
}

/// A computer as the API shows it, with its printers.
public struct ComputerView: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var os: String
    public var state: ComputerState
    public var clientVersion: String
    public var printers: [PrinterView]
    public var lastSeenAt: Date

    init(computer: ComputerRecord, printers: [PrinterRecord]) {
        id = computer.id
        name = computer.name
        os = computer.os
        state = computer.state
        clientVersion = computer.clientVersion
        self.printers = printers.map { PrinterView(printer: $0, computerState: computer.state) }
        lastSeenAt = computer.lastSeenAt
    }
}
