import Foundation
import PrintCloudProtocol

/// What a computer's changes fire, decided here once for both engines: the stores read the rows, ask, and
/// write the events they are given in the same transaction.
enum ComputerEvents {
    /// A sign-in: `computer.connected` and each current printer's state, unless it was online already (a
    /// second socket of the same computer connects nothing new).
    static func signedIn(
        accountID: String, computerID: String, wasOnline: Bool, printers: [PrinterRecord], at date: Date
    ) -> [Event] {
        guard !wasOnline else { return [] }
        return [.computerConnected(accountID: accountID, computerID: computerID, at: date)]
            + printers.map {
                .printerState(
                    accountID: accountID, printerID: $0.id, state: PrinterStates.shown($0, computerOnline: true),
                    at: date)
            }
    }

    /// An online computer gone offline: `computer.disconnected` and each current printer offline.
    static func wentOffline(accountID: String, computerID: String, printers: [PrinterRecord], at date: Date)
        -> [Event]
    {
        [.computerDisconnected(accountID: accountID, computerID: computerID, at: date)]
            + printers.map { .printerState(accountID: accountID, printerID: $0.id, state: .offline, at: date) }
    }
}

/// A printer's state as the API shows it, and what a printer report changes.
enum PrinterStates {
    /// Offline with its computer; else what the client reported, online if it said nothing.
    static func shown(_ printer: PrinterRecord, computerOnline: Bool) -> PrinterState {
        computerOnline ? (printer.reportedState ?? .online) : .offline
    }

    /// The shown state of each printer by name, before a report replaces them.
    static func byName(_ printers: [PrinterRecord], computerOnline: Bool) -> [String: PrinterState] {
        Dictionary(
            printers.map { ($0.name, shown($0, computerOnline: computerOnline)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// `printer.state` for each printer whose shown state differs from `before` (new printers included).
    static func changes(
        before: [String: PrinterState], after printers: [PrinterRecord], computerOnline: Bool, accountID: String,
        at date: Date
    ) -> [Event] {
        printers.compactMap { printer in
            let state = shown(printer, computerOnline: computerOnline)
            guard before[printer.name] != state else { return nil }
            return .printerState(accountID: accountID, printerID: printer.id, state: state, at: date)
        }
    }
}
