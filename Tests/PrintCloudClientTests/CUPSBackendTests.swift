import Foundation
import Logging
import PrintCloudClient
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

/// The client against a real private CUPS with virtual printers. Serialized: the printers are shared.
@Suite(.serialized, .timeLimit(.minutes(10))) struct CUPSBackendTests {
    func withCUPS(_ body: (TestCUPS, JobRunner, CUPSBackend) async throws -> Void) async throws {
        try await withCUPS { cups, ledger in
            let runner = Self.runner(ledger: ledger)
            try await body(cups, runner, CUPSBackend())
        }
    }

    /// The sandbox and a ledger of this test's own.
    func withCUPS(_ body: (TestCUPS, JobLedger) async throws -> Void) async throws {
        guard let cups = TestCUPS.available(fail: { Issue.record(Comment(rawValue: $0)) }) else { return }
        try await withTemporaryDirectory { directory in
            try await body(cups, try JobLedger(path: directory.appendingPathComponent("ledger.sqlite").path))
        }
    }

    /// A runner on CUPS; one with `faults` stands for a client that dies at that step.
    static func runner(ledger: JobLedger, faults: FaultPoint = .none) -> JobRunner {
        var logger = Logger(label: "cups-test")
        logger.logLevel = .critical
        return JobRunner(
            backend: CUPSBackend(faults: faults), ledger: ledger,
            fetcher: DocumentFetcher(server: "http://127.0.0.1:1", apiKey: "k"), pollInterval: .milliseconds(100),
            faults: faults, logger: logger)
    }

    /// The complete files the printer has received (not one being written).
    static func received(_ cups: TestCUPS, by printer: String) throws -> Set<URL> {
        Set(try cups.received(by: printer).filter { $0.pathExtension == "raw" })
    }

    /// The files the printer received since `before` that hold exactly `bytes`.
    static func received(_ cups: TestCUPS, by printer: String, since before: Set<URL>, holding bytes: Data) throws
        -> [URL]
    {
        try received(cups, by: printer).subtracting(before).filter { (try? Data(contentsOf: $0)) == bytes }
    }

    /// A file with `bytes` in a temporary folder, for the backend's document calls.
    static func withDocument(_ bytes: Data, _ body: (URL) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("document.raw")
            try bytes.write(to: file)
            try await body(file)
        }
    }

    static func randomBytes(_ count: Int) -> Data {
        Data((0..<count).map { _ in UInt8.random(in: 0...255) })
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
            let capabilities = try #require(office.capabilities)
            #expect(capabilities["color"] == .bool(true))
            #expect(capabilities["duplex"] == .bool(true))
            // People's names: the trays' text is the InputSlot text of the PPD CUPS made for the queue.
            #expect(capabilities["bins"] == .array([.string("Auto"), .string("Main"), .string("Photo")]))
            let media = (capabilities["media"]?.arrayValue ?? []).compactMap { $0.stringValue }
            #expect(Set(media).isSuperset(of: ["A4", "A5", "Letter", "Legal", "EnvDL", "Env10", "4x6"]))
            #expect(!media.contains { $0.contains("_") }, "PWG names are for papers' pwg, not media: \(media)")
            let papers = try #require(capabilities["papers"]?.arrayValue)
            #expect(papers.count == media.count)
            #expect(
                papers.contains(
                    .object([
                        "name": .string("A4"), "pwg": .string("iso_a4_210x297mm"), "widthMm": .number(210),
                        "heightMm": .number(297),
                    ])))
            #expect(
                papers.contains(
                    .object([
                        "name": .string("Letter"), "pwg": .string("na_letter_8.5x11in"), "widthMm": .number(215.9),
                        "heightMm": .number(279.4),
                    ])))
            #expect(
                capabilities["trays"]
                    == .array(
                        [("Auto", "auto"), ("Main", "main"), ("Photo", "photo")].map {
                            .object(["name": .string($0), "keyword": .string($1)])
                        }))
            #expect(capabilities["resolutions"] == .array([.string("600dpi")]))
            // cupsd's own bound (it makes the copies of a PPD queue's job itself), not the printer's 999.
            #expect(capabilities["maxCopies"] == .number(9999))
            #expect(capabilities["stateReasons"]?.arrayValue?.contains(.string("none")) == false)
            #expect(printers.contains { $0.name == "Label" && $0.isDefault == false })
        }
    }

    @Test func aJobGivenPeoplesNamesReachesCUPSAndThePrinterWithThePWGPaperAndTray() async throws {
        try await withCUPS { cups, _, backend in
            let office = try #require(try await backend.printers().first { $0.name == "Office" })
            // The names as reported, not as this test guesses them.
            let paper = try #require(
                office.capabilities?["papers"]?.arrayValue?.first { $0["pwg"] == .string("iso_a5_148x210mm") }?["name"]?
                    .stringValue)
            let tray = try #require(
                office.capabilities?["trays"]?.arrayValue?.first { $0["keyword"] == .string("photo") }?["name"]?
                    .stringValue)
            #expect(paper == "A5")
            #expect(tray == "Photo")
            let tag = "pj_names_\(UUID().uuidString.prefix(8))"
            let name = "Test names [\(tag) 1/1]"
            let id = try await backend.createJob(
                printer: "Office", jobName: name, options: PrintOptions(paper: paper, media: tray), raw: false)
            // What the client handed CUPS: the PWG name and keyword, not the names people use.
            let atCUPS = try await cups.cupsJobAttributes(printer: "Office", job: id)
            #expect(atCUPS.contains("media (keyword) = iso_a5_148x210mm"))
            #expect(atCUPS.contains("media-source (keyword) = photo"))
            #expect(atCUPS.contains("InputSlot (nameWithoutLanguage) = Photo"))
            try await Self.withDocument(TestCUPS.pdf(pages: 1)) { file in
                try await backend.sendDocument(file, toJob: id, printer: "Office", raw: false)
            }
            var received = ""
            try await eventually(within: 60, "the job at the Office printer") {
                received =
                    try await cups.officeJobAttributes().components(separatedBy: "-- separator --")
                    .first { $0.contains(tag) } ?? ""
                return received.contains("job-state (enum) = completed")
            }
            #expect(received.contains("media-source=photo"))
            #expect(received.contains("x-dimension=14800 y-dimension=21000"))
        }
    }

    @Test func aPaperOrTrayThePrinterDoesNotHaveIsPassedOnForCUPSToDecide() async throws {
        try await withCUPS { cups, _, backend in
            let name = "Test unknown [pj_unknown_\(UUID().uuidString.prefix(8)) 1/1]"
            let id = try await backend.createJob(
                printer: "Office", jobName: name, options: PrintOptions(paper: "Tabloid", media: "side-door"),
                raw: false)
            let atCUPS = try await cups.cupsJobAttributes(printer: "Office", job: id)
            #expect(atCUPS.contains("media (keyword) = Tabloid"))
            #expect(atCUPS.contains("InputSlot (nameWithoutLanguage) = Side-door"))
            #expect(atCUPS.contains("media-source (keyword) = side-door"))
            try await backend.cancel(job: id, printer: "Office")
        }
    }

    @Test func aStoppedPrinterReportsItsStateReasonUntilStartedAgain() async throws {
        try await withCUPS { cups, _, backend in
            func reasons() async throws -> [JSONValue]? {
                try await backend.printers().first { $0.name == "SpareA" }?.capabilities?["stateReasons"]?.arrayValue
            }
            #expect(try await reasons() == [])
            try await cups.run("cupsdisable", ["-r", "Out of labels", "SpareA"])
            let stopped: [JSONValue]?
            do {
                stopped = try await reasons()
                try await cups.run("cupsenable", ["SpareA"])
            } catch {
                _ = try? await cups.run("cupsenable", ["SpareA"])
                throw error
            }
            #expect(stopped == [.string("paused")])
            #expect(try await reasons() == [])
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

    @Test func aJobCreatedThenGivenItsDocumentArrivesByteForByteAndIsFollowedByItsId() async throws {
        try await withCUPS { cups, _, backend in
            let before = try Self.received(cups, by: "Label")
            // Not a whole number of chunks, and more than one.
            let bytes = Self.randomBytes(150_001)
            let name = "Test create-send [pj_cs_\(UUID().uuidString.prefix(8)) 1/1]"
            let id = try await backend.createJob(printer: "Label", jobName: name, options: .init(), raw: true)
            try await Self.withDocument(bytes) { file in
                try await backend.sendDocument(file, toJob: id, printer: "Label", raw: true)
            }
            try await eventually("the job completed") {
                try await backend.status(ofJob: id, printer: "Label") == .completed
            }
            #expect(try await backend.documents(ofJob: id, printer: "Label") == 1)
            // Other suites print on the Label printer at the same time: this job's file is the one with its bytes.
            try await eventually("the document at the label printer") {
                try Self.received(cups, by: "Label", since: before, holding: bytes).count == 1
            }
            // Finished, so no longer among the jobs a recovery looks at.
            #expect(try await backend.jobs(named: name, printer: "Label").isEmpty)
        }
    }

    @Test func aPrinterCUPSDoesNotHaveIsRefusedByName() async throws {
        try await withCUPS { _, _, backend in
            await #expect(throws: PrinterError("no printer named NoSuchPrinter")) {
                try await backend.createJob(printer: "NoSuchPrinter", jobName: "x", options: .init(), raw: true)
            }
        }
    }

    @Test func aJobCUPSNeverHadIsNotFound() async throws {
        try await withCUPS { _, _, backend in
            let status = try await backend.status(ofJob: 999_999_999, printer: "Label")
            #expect(status == .notFound)
            let documents = try await backend.documents(ofJob: 999_999_999, printer: "Label")
            #expect(documents == nil)
        }
    }

    /// What a crash between creating a job and sending its document leaves: cupsd holds the job, with no
    /// document (`job-incoming`), until recovery cancels it.
    @Test func aJobCreatedWithoutADocumentIsHeldWithNoneUntilCancelled() async throws {
        try await withCUPS { cups, _, backend in
            let before = try Self.received(cups, by: "SpareB")
            let name = "Test empty [pj_empty_\(UUID().uuidString.prefix(8)) 1/1]"
            let id = try await backend.createJob(printer: "SpareB", jobName: name, options: .init(), raw: true)
            #expect(try await backend.documents(ofJob: id, printer: "SpareB") == 0)
            #expect(try await backend.status(ofJob: id, printer: "SpareB") == .waiting)
            #expect(try await backend.jobs(named: name, printer: "SpareB") == [id])
            try await backend.cancel(job: id, printer: "SpareB")
            #expect(try await backend.status(ofJob: id, printer: "SpareB") == .failed("canceled at the printer"))
            #expect(try await backend.jobs(named: name, printer: "SpareB").isEmpty)
            #expect(try Self.received(cups, by: "SpareB") == before)
        }
    }

    /// What a crash halfway through the document leaves: cupsd drops the part it got, and the job is held
    /// with no document, as if none had been sent.
    @Test func aDocumentCutOffHalfwayLeavesTheJobHeldWithNoDocument() async throws {
        try await withCUPS { cups, _, _ in
            let before = try Self.received(cups, by: "SpareB")
            let backend = CUPSBackend(faults: FaultPoint(step: .midDocument, action: crash))
            let name = "Test cut [pj_cut_\(UUID().uuidString.prefix(8)) 1/1]"
            let id = try await backend.createJob(printer: "SpareB", jobName: name, options: .init(), raw: true)
            try await Self.withDocument(Self.randomBytes(200_000)) { file in
                await #expect(throws: CancellationError.self) {
                    try await backend.sendDocument(file, toJob: id, printer: "SpareB", raw: true)
                }
            }
            #expect(try await backend.documents(ofJob: id, printer: "SpareB") == 0)
            #expect(try await backend.status(ofJob: id, printer: "SpareB") == .waiting)
            #expect(try await backend.jobs(named: name, printer: "SpareB") == [id])
            try await backend.cancel(job: id, printer: "SpareB")
            #expect(try Self.received(cups, by: "SpareB") == before)
        }
    }

    /// A client killed at each step that leaves something at CUPS, then started again on its ledger, gets
    /// exactly `qty` copies to the printer.
    @Test(arguments: [FaultPoint.Step.afterCreate, .midDocument, .afterDocument])
    func aRestartedClientPrintsEachCopyOnceAfterACrash(step: FaultPoint.Step) async throws {
        try await withCUPS { cups, ledger in
            let before = try Self.received(cups, by: "Label")
            let bytes = Self.randomBytes(64_000)
            let job = Self.job("pj_crash", printer: "Label", contentType: .rawBase64, content: bytes, qty: 2)
            let crashed = Reports()
            await Self.runner(ledger: ledger, faults: FaultPoint(step: step, action: crash)).run(job) {
                await crashed.add($0, $1)
            }
            #expect(await crashed.names.isEmpty)
            let reports = Reports()
            await Self.runner(ledger: ledger).run(job) { await reports.add($0, $1) }
            #expect(await reports.names == [.printing, .completed])
            try await eventually("two copies at the label printer") {
                try Self.received(cups, by: "Label", since: before, holding: bytes).count >= 2
            }
            #expect(try Self.received(cups, by: "Label", since: before, holding: bytes).count == 2)
            // Nothing of this job is left waiting at CUPS.
            #expect(try await CUPSBackend().jobs(named: "[\(job.id) ", printer: "Label").isEmpty)
        }
    }
}
