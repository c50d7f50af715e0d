import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// `printers` messages and what `GET /api/printers` then shows.
@Suite(.timeLimit(.minutes(10))) struct PrinterReportTests {
    static let laserJet =
        #"{"name": "HP LaserJet Pro", "capabilities": {"color": true, "duplex": true, "media": ["A4", "Letter"], "bins": ["Tray 1", "Manual"], "dpi": 600}, "isDefault": true}"#

    @Test(arguments: TestEngine.allCases)
    func reportedPrintersAppearWithTheDocumentedShape(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (socket, computerID) = try await TestSocket.signIn(to: app, key: account.fullKey)
            try await socket.send(#"{"type": "printers", "printers": [\#(Self.laserJet), {"name": "Label"}]}"#)
            let answer = try await socket.receiveObject()
            #expect(answer["type"] as? String == "printers_ok")
            #expect(answer["count"] as? Int == 2)

            let printers = try await app.request(.get, "/api/printers", key: account.keys[.readOnly]).array()
            #expect(printers.count == 2)
            let laser = try #require(printers.first { $0["name"] as? String == "HP LaserJet Pro" })
            #expect(Set(laser.keys) == ["id", "name", "computerId", "state", "isDefault", "capabilities"])
            #expect(laser["computerId"] as? String == computerID)
            #expect(laser["state"] as? String == "online")
            #expect(laser["isDefault"] as? Bool == true)
            let capabilities = try #require(laser["capabilities"] as? [String: Any])
            #expect(capabilities["color"] as? Bool == true)
            #expect(capabilities["media"] as? [String] == ["A4", "Letter"])
            #expect(capabilities["bins"] as? [String] == ["Tray 1", "Manual"])
            #expect(capabilities["dpi"] as? Int == 600)
            let label = try #require(printers.first { $0["name"] as? String == "Label" })
            #expect(label["isDefault"] as? Bool == false)
            #expect((label["capabilities"] as? [String: Any])?.isEmpty == true)

            let one = try await app.request(.get, "/api/printers/\(laser["id"] as! String)", key: account.fullKey)
            #expect(try one.object()["name"] as? String == "HP LaserJet Pro")
            let ofComputer = try await app.request(
                .get, "/api/computers/\(computerID)/printers", key: account.fullKey
            ).array()
            #expect(ofComputer.count == 2)
            let computers = try await app.request(.get, "/api/computers", key: account.fullKey).array()
            #expect((computers.first?["printers"] as? [[String: Any]])?.count == 2)
            try await socket.close()
        }
    }

    /// What the desktop client adds to `capabilities` (papers, trays, resolutions, maxCopies, stateReasons)
    /// comes out of every printers endpoint as the client sent it, nested objects and fractions included.
    @Test(arguments: TestEngine.allCases)
    func theClientsAddedCapabilitiesComeOutAsReported(_ engine: TestEngine) async throws {
        let capabilities =
            #"{"color": true, "duplex": true, "media": ["A4", "Letter"], "bins": ["Tray 1", "Manual"], "#
            + #""papers": [{"name": "A4", "pwg": "iso_a4_210x297mm", "widthMm": 210, "heightMm": 297}, "#
            + #"{"name": "Letter", "pwg": "na_letter_8.5x11in", "widthMm": 215.9, "heightMm": 279.4}], "#
            + #""trays": [{"name": "Tray 1", "keyword": "tray-1"}, {"name": "Manual", "keyword": "manual"}], "#
            + #""resolutions": ["300dpi", "600x300dpi"], "maxCopies": 999, "stateReasons": ["toner-low-warning"]}"#
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (socket, computerID) = try await TestSocket.signIn(to: app, key: account.fullKey)
            try await socket.send(
                #"{"type": "printers", "printers": [{"name": "Office", "capabilities": \#(capabilities)}]}"#)
            #expect(try await socket.receiveObject()["type"] as? String == "printers_ok")
            let expected = try JSONSerialization.jsonObject(with: Data(capabilities.utf8)) as! NSDictionary
            for path in ["/api/printers", "/api/computers/\(computerID)/printers"] {
                let printers = try await app.request(.get, path, key: account.keys[.readOnly]).array()
                let shown = try #require(printers.first?["capabilities"] as? [String: Any])
                #expect(NSDictionary(dictionary: shown) == expected, "\(path)")
            }
            try await socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func printerIdsStayWhileTheNameIsReportedAndGoneOnesLeave(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (socket, _) = try await TestSocket.signIn(to: app, key: account.fullKey)
            func report(_ names: [String]) async throws -> [String: String] {
                try await socket.send(.printers(names.map { PrinterReport(name: $0) }))
                #expect(try await socket.receive() == .printersOK(count: names.count))
                let printers = try await app.request(.get, "/api/printers", key: account.fullKey).array()
                return Dictionary(
                    uniqueKeysWithValues: printers.map { ($0["name"] as! String, $0["id"] as! String) })
            }
            let first = try await report(["A", "B"])
            let second = try await report(["A", "C"])
            #expect(second["A"] == first["A"])
            #expect(second["B"] == nil)
            #expect(second["C"] != nil)
            // A printer that comes back gets its old id again, so stored ids keep working.
            let third = try await report(["A", "B", "C"])
            #expect(third == first.merging(second) { old, _ in old })

            // Ids survive the computer reconnecting too.
            try await socket.close()
            let (again, _) = try await TestSocket.signIn(to: app, key: account.fullKey)
            try await again.send(.printers([PrinterReport(name: "A")]))
            _ = try await again.receive()
            let printers = try await app.request(.get, "/api/printers", key: account.fullKey).array()
            #expect(printers.map { $0["id"] as? String } == [first["A"]])
            try await again.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aPrinterReportsItsOwnState(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (socket, _) = try await TestSocket.signIn(to: app, key: account.fullKey)
            try await socket.send(
                #"{"type": "printers", "printers": [{"name": "A", "state": "stopped"}, {"name": "B"}]}"#)
            _ = try await socket.receive()
            let states = try await app.request(.get, "/api/printers", key: account.fullKey).array()
                .map { $0["state"] as? String }
            #expect(states == ["stopped", "online"])
            try await socket.close()
        }
    }

    static let badReports = [
        (#"[{"name": "A"}, {"name": "A"}]"#, "printers[1].name"),
        (#"[{"name": ""}]"#, "printers[0].name"),
        (#"[{"name": "A", "state": "melting"}]"#, "printers[0].state"),
        (#"[{"name": 7}]"#, "printers[0].name"),
        (#""many""#, "printers"),
    ]

    @Test(arguments: TestEngine.allCases, badReports)
    func aBadReportIsRefusedAndChangesNothing(_ engine: TestEngine, _ input: (printers: String, field: String))
        async throws
    {
        let (printers, field) = input
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (socket, _) = try await TestSocket.signIn(to: app, key: account.fullKey)
            try await socket.send(.printers([PrinterReport(name: "Kept")]))
            _ = try await socket.receive()
            try await socket.send(#"{"type": "printers", "printers": \#(printers)}"#)
            guard case .error(let message) = try await socket.receive() else {
                Issue.record("expected an error message")
                return
            }
            #expect(message.contains(field))
            let names = try await app.request(.get, "/api/printers", key: account.fullKey).array()
                .map { $0["name"] as? String }
            #expect(names == ["Kept"])
            try await socket.close()
        }
    }
}
