import Foundation
import PrintCloudProtocol
import Testing

@testable import PrintCloudServer

/// The rules of what a computer's changes fire, without a database.
@Suite struct ComputerEventsTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func printer(_ name: String, _ state: PrinterState?) -> PrinterRecord {
        PrinterRecord(
            id: "prn_\(name)", computerID: "cmp_1", accountID: "acc_1", name: name, isDefault: false,
            reportedState: state, capabilities: [:])
    }

    static func summary(_ events: [Event]) -> [String] {
        events.map { event in
            let payload = (try? JSONSerialization.jsonObject(with: Data(event.payload.utf8))) as? [String: String]
            return [event.type, payload?["printerId"] ?? payload?["computerId"] ?? "", payload?["state"] ?? ""]
                .filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    @Test func aSignInConnectsAndShowsEachPrinterUnlessAlreadyOnline() {
        let printers = [Self.printer("a", nil), Self.printer("b", .stopped)]
        let events = ComputerEvents.signedIn(
            accountID: "acc_1", computerID: "cmp_1", wasOnline: false, printers: printers, at: Self.now)
        #expect(
            Self.summary(events) == [
                "computer.connected cmp_1", "printer.state prn_a online", "printer.state prn_b stopped",
            ])
        #expect(events.allSatisfy { $0.accountID == "acc_1" && $0.createdAt == Self.now })
        #expect(
            ComputerEvents.signedIn(
                accountID: "acc_1", computerID: "cmp_1", wasOnline: true, printers: printers, at: Self.now
            ).isEmpty)
    }

    @Test func goingOfflineDisconnectsAndTakesEveryPrinterOffline() {
        let events = ComputerEvents.wentOffline(
            accountID: "acc_1", computerID: "cmp_1", printers: [Self.printer("a", .online), Self.printer("b", nil)],
            at: Self.now)
        #expect(
            Self.summary(events) == [
                "computer.disconnected cmp_1", "printer.state prn_a offline", "printer.state prn_b offline",
            ])
    }

    @Test func aReportFiresOnlyTheStatesItChanged() {
        let before = PrinterStates.byName(
            [Self.printer("same", .online), Self.printer("stops", nil), Self.printer("gone", .online)],
            computerOnline: true)
        let after = [Self.printer("same", nil), Self.printer("stops", .stopped), Self.printer("new", nil)]
        let events = PrinterStates.changes(
            before: before, after: after, computerOnline: true, accountID: "acc_1", at: Self.now)
        #expect(Self.summary(events) == ["printer.state prn_stops stopped", "printer.state prn_new online"])
        // While the computer is offline, its printers show offline whatever they report.
        let offline = PrinterStates.changes(
            before: PrinterStates.byName(after, computerOnline: false), after: after, computerOnline: false,
            accountID: "acc_1", at: Self.now)
        #expect(offline.isEmpty)
        #expect(PrinterStates.shown(Self.printer("x", .stopped), computerOnline: false) == .offline)
    }
}
