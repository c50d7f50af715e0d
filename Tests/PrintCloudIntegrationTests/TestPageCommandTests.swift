import Foundation
import PrintCloudTestSupport
import Testing

/// `printcloud-client test-page` against the CUPS sandbox's virtual printers. Serialized: they are shared.
@Suite(.serialized, .timeLimit(.minutes(10))) struct TestPageCommandTests {
    @Test func aTestPageReachesTheNamedPrinterAndShowsInTheLastJobs() async throws {
        guard let cups = TestCUPS.available(fail: { Issue.record(Comment(rawValue: $0)) }) else { return }
        try await withTemporaryDirectory { directory in
            let ledger = directory.appendingPathComponent("ledger.sqlite").path
            let before = Set(try cups.received(by: "Office"))
            let printed = try await ServerProcess(
                [
                    "test-page", "Office", "--ledger", ledger, "--config",
                    directory.appendingPathComponent("none.json").path,
                ],
                in: directory, executable: EndToEndPrintingTests.clientBinary)
            #expect(try await printed.exitStatus() == 0, "\(printed.standardOutput) \(printed.standardError)")
            #expect(printed.standardOutput.contains("printed on Office"))
            let id = try #require(
                printed.standardOutput.split(separator: " ").first { $0.hasPrefix("test-page-") }.map(String.init))
            let document = try #require(
                try cups.received(by: "Office").filter { !before.contains($0) }.first {
                    $0.lastPathComponent.contains(id)
                })
            #expect(try await cups.pages(of: document) == 1)

            let config = directory.appendingPathComponent("client.json")
            try Data(#"{"server": "http://127.0.0.1:1", "apiKey": "pk_live_x", "computerName": "PC"}"#.utf8)
                .write(to: config)
            let status = try await ServerProcess(
                ["status", "--config", config.path, "--ledger", ledger], in: directory,
                executable: EndToEndPrintingTests.clientBinary)
            // Exit 1: nothing listens at that server; the ledger still lists the page.
            #expect(try await status.exitStatus() == 1)
            #expect(status.standardOutput.contains("cannot be reached"))
            #expect(status.standardOutput.contains("\(id) completed, 1 copies"))
        }
    }

    @Test func aTestPageForAPrinterCUPSDoesNotHaveFailsNamingIt() async throws {
        guard TestCUPS.available(fail: { Issue.record(Comment(rawValue: $0)) }) != nil else { return }
        try await withTemporaryDirectory { directory in
            let failed = try await ServerProcess(
                ["test-page", "NoSuchPrinter", "--ledger", directory.appendingPathComponent("l.sqlite").path],
                in: directory, executable: EndToEndPrintingTests.clientBinary)
            #expect(try await failed.exitStatus() == 1)
            #expect(failed.standardOutput.contains("no printer named NoSuchPrinter"))
        }
    }
}
