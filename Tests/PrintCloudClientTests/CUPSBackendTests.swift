import Foundation
import Logging
import PrintCloudClient
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

/// The client against a real private CUPS with virtual printers. Serialized: the printers are shared.
@Suite(.serialized, .timeLimit(.minutes(10))) struct CUPSBackendTests {
    func withCUPS(_ body: (TestCUPS, JobRunner, CUPSBackend) async throws -> Void) async throws {
        guard let cups = TestCUPS.available(fail: { Issue.record(Comment(rawValue: $0)) }) else { return }
        try await withTemporaryDirectory { directory in
            let backend = CUPSBackend()
            var logger = Logger(label: "cups-test")
            logger.logLevel = .critical
            let runner = JobRunner(
                backend: backend, ledger: try JobLedger(path: directory.appendingPathComponent("ledger.sqlite").path),
                fetcher: DocumentFetcher(server: "http://127.0.0.1:1", apiKey: "k"), pollInterval: .milliseconds(100),
                logger: logger)
            try await body(cups, runner, backend)
        }
    }

    static func job(
        _ id: String, printer: String, contentType: ContentType, content: Data, qty: Int = 1,
        options: PrintOptions = .init()
    ) -> PrintJobPayload {
        // Unique per run: the print system's history outlives a test run, and names carry the job id.
        PrintJobPayload(
            id: id + "_" + UUID().uuidString.prefix(8), printerName: printer, contentType: contentType,
            content: content.base64EncodedString(),
            title: "Test \(id)", options: options, qty: qty)
    }

    @Test func theVirtualPrintersAreReportedWithCapabilities() async throws {
        try await withCUPS { _, _, backend in
            let printers = try await backend.printers()
            let office = try #require(printers.first { $0.name == "Office" })
            #expect(office.isDefault == true)
            // Busy while another test of the suite prints on it: the state is CUPS' own, reported as it is.
            #expect(office.state == .online || office.state == .busy)
            #expect(office.capabilities?["color"] == .bool(true))
            #expect(office.capabilities?["duplex"] == .bool(true))
            #expect(office.capabilities?["bins"] == .array([.string("auto"), .string("main"), .string("photo")]))
            guard case .array(let media) = office.capabilities?["media"] else {
                Issue.record("no media")
                return
            }
            #expect(media.contains(.string("iso_a4_210x297mm")))
            #expect(printers.contains { $0.name == "Label" && $0.isDefault == false })
        }
    }

    @Test func rawBytesArriveByteForByteQtyTimes() async throws {
        try await withCUPS { cups, runner, _ in
            let before = Set(try cups.received(by: "Label"))
            let bytes = Data((0..<1024).map { UInt8(truncatingIfNeeded: $0) })
            let reports = Reports()
            await runner.run(Self.job("pj_raw", printer: "Label", contentType: .rawBase64, content: bytes, qty: 3)) {
                await reports.add($0, $1)
            }
            #expect(await reports.names == [.printing, .completed])
            try await eventually("three documents at the label printer") {
                Set(try cups.received(by: "Label")).subtracting(before).count == 3
            }
            for file in Set(try cups.received(by: "Label")).subtracting(before) {
                #expect(try Data(contentsOf: file) == bytes)
            }
        }
    }

    @Test func aPDFArrivesWithTheRequestedOptions() async throws {
        try await withCUPS { cups, runner, _ in
            let options = PrintOptions(
                copies: 2, color: false, duplex: .longEdge, paper: "A4", media: "photo", pages: "1-2", fitToPage: true)
            let job = Self.job(
                "pj_pdfopts", printer: "Office", contentType: .pdfBase64, content: TestCUPS.pdf(pages: 3),
                options: options)
            let reports = Reports()
            await runner.run(job) { await reports.add($0, $1) }
            #expect(await reports.names == [.printing, .completed])
            let document = try #require(
                try cups.received(by: "Office").first { $0.lastPathComponent.contains(job.id.lowercased()) })
            // page-ranges is applied by CUPS before the printer: 2 of the 3 pages arrive.
            #expect(try await cups.pages(of: document) == 2)
            let attributes = try await cups.officeJobAttributes()
            let received = try #require(
                attributes.components(separatedBy: "job-id (integer)").first { $0.contains(job.id) })
            #expect(received.contains("copies (integer) = 2"))
            #expect(received.contains("sides (keyword) = two-sided-long-edge"))
            #expect(received.contains("print-color-mode (keyword) = monochrome"))
            #expect(received.contains("media-source=photo"))
            #expect(received.contains("x-dimension=21000 y-dimension=29700"))
        }
    }

    @Test func aStoppedPrinterGivesAnErrorWithItsReason() async throws {
        try await withCUPS { cups, runner, _ in
            try await cups.run("cupsdisable", ["-r", "Out of labels", "SpareA"])
            let reports = Reports()
            await runner.run(
                Self.job("pj_stopped", printer: "SpareA", contentType: .rawBase64, content: Data("x".utf8))
            ) {
                await reports.add($0, $1)
            }
            try await cups.run("cupsenable", ["SpareA"])
            #expect(await reports.names == [.error])
            let message = await reports.states.last?.1 ?? ""
            #expect(message.contains("printer stopped"))
            #expect(message.contains("Out of labels"))
        }
    }
}
