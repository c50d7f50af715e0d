import Foundation
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// The printer a new job names is remembered for a while; what its computer changes here holds at once.
@Suite(.timeLimit(.minutes(10))) struct PrinterLookupTests {
    /// Remembered for ten minutes: only the change itself can make the next job fail.
    static func remembering(_ configuration: inout AppConfiguration) {
        configuration.printerCacheLifetime = .seconds(600)
    }

    @Test(arguments: TestEngine.allCases)
    func aPrinterItsComputerStopsReportingTakesNoMoreJobs(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: Self.remembering) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            _ = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            _ = try await computer.nextJob()

            try await computer.socket.send(.printers([PrinterReport(name: "Another")]))
            guard case .printersOK = try await computer.socket.receive() else {
                Issue.record("no printers_ok")
                return
            }
            let refused = try await app.createJob(
                #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "eA=="}"#,
                key: account.fullKey)
            #expect(refused.status == .notFound)
            #expect(refused.text.contains(computer.printerID))
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aPrinterOfADeletedComputerTakesNoMoreJobs(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: Self.remembering) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            _ = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)

            let deleted = try await app.request(.delete, "/api/computers/\(computer.computerID)", key: account.fullKey)
            #expect(deleted.status == .ok)
            let refused = try await app.createJob(
                #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "eA=="}"#,
                key: account.fullKey)
            #expect(refused.status == .notFound)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anotherAccountCannotUseAPrinterRememberedForItsOwner(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: Self.remembering) { app in
            let owner = try await app.makeAccount()
            let stranger = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: owner)
            _ = try await app.createRawJob(printerID: computer.printerID, key: owner.fullKey)
            let refused = try await app.createJob(
                #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "eA=="}"#,
                key: stranger.fullKey)
            #expect(refused.status == .notFound)
            try await computer.socket.close()
        }
    }
}
