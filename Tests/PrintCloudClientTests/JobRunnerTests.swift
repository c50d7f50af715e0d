import Foundation
import Logging
import PrintCloudClient
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

/// The job runner's rules, with a fake printer backend.
@Suite struct JobRunnerTests {
    static func job(
        id: String = "pj_1", qty: Int = 1, contentType: ContentType = .rawBase64, content: String = "XlhB",
        options: PrintOptions = .init()
    ) -> PrintJobPayload {
        RunnerFixture.job(id: id, qty: qty, contentType: contentType, content: content, options: options)
    }

    func withRunner(
        downloadTimeout: Int64 = 1, downloadPolicy: AddressPolicy = AddressPolicy(),
        _ body: (JobRunner, FakeBackend, JobLedger) async throws -> Void
    ) async throws {
        try await RunnerFixture.with(downloadTimeout: downloadTimeout, downloadPolicy: downloadPolicy) { fixture in
            try await body(fixture.runner(), fixture.backend, fixture.ledger)
        }
    }

    @Test func aJobIsPrintedQtyTimesWithItsOptionsAndReported() async throws {
        try await withRunner { runner, backend, _ in
            let reports = Reports()
            let options = PrintOptions(copies: 2, duplex: .longEdge)
            await runner.run(Self.job(qty: 3, options: options)) { await reports.add($0, $1) }
            let submissions = await backend.submissions
            #expect(submissions.count == 3)
            #expect(submissions.allSatisfy { $0.document == Data("^XA".utf8) && $0.raw && $0.options == options })
            #expect(submissions.map(\.jobName) == ["Invoice [pj_1 1/3]", "Invoice [pj_1 2/3]", "Invoice [pj_1 3/3]"])
            #expect(await reports.names == [.printing, .completed])
        }
    }

    @Test func aJobOfferedAgainIsNeverPrintedTwice() async throws {
        try await withRunner { runner, backend, _ in
            let first = Reports()
            await runner.run(Self.job(qty: 2)) { await first.add($0, $1) }
            let again = Reports()
            await runner.run(Self.job(qty: 2)) { await again.add($0, $1) }
            #expect(await backend.submissions.count == 2)
            #expect(await again.names == [.completed])
        }
    }

    @Test func aFailedPrintIsReportedAsErrorWithTheReason() async throws {
        try await withRunner { runner, backend, ledger in
            await backend.setOutcome(.failed("aborted by the printer: out of paper"))
            let reports = Reports()
            await runner.run(Self.job()) { await reports.add($0, $1) }
            #expect(await reports.names == [.printing, .error])
            #expect(await reports.states.last?.1 == "aborted by the printer: out of paper")
            let entry = try await ledger.entry("pj_1")
            #expect(entry?.outcome == .error)
        }
    }

    @Test func aJobThePrintSystemForgotAfterItsDocumentArrivedIsCompleted() async throws {
        try await withRunner { runner, backend, ledger in
            // cupsd drops finished jobs from its history (MaxJobs): one it no longer knows has ended.
            await backend.setOutcome(.notFound)
            let reports = Reports()
            await runner.run(Self.job()) { await reports.add($0, $1) }
            #expect(await reports.names == [.printing, .completed])
            #expect(await reports.states.last?.1 == "Printed to Office (the print system no longer lists the job)")
            let entry = try await ledger.entry("pj_1")
            #expect(entry?.outcome == .completed)
        }
    }

    @Test func aDocumentThePrintSystemRefusesLeavesNoCopyBehind() async throws {
        try await withRunner { runner, backend, ledger in
            await backend.setDocumentRefusal("CUPS did not take the document: bad format")
            let reports = Reports()
            await runner.run(Self.job()) { await reports.add($0, $1) }
            #expect(await reports.names == [.error])
            #expect(await reports.states.last?.1 == "CUPS did not take the document: bad format")
            let created = await backend.created
            #expect(created.count == 1)
            #expect(await backend.cancelled == created.map(\.id))
            let entry = try await ledger.entry("pj_1")
            #expect(entry?.pendingPrintSystemJobID == nil && entry?.printSystemJobIDs == [])
        }
    }

    @Test func aCancelledJobIsCancelledAtThePrinterAndNeverPrintedWhenOfferedAgain() async throws {
        try await withRunner { runner, backend, ledger in
            await backend.setOutcome(.printing)
            let first = Task { await runner.run(Self.job()) { _, _ in } }
            try await eventually("handed over") { await backend.submissions.count == 1 }
            await runner.cancel("pj_1", printer: "Office")
            await first.value
            #expect(await backend.cancelled.contains(1))
            // A job the server deleted before this computer ever started it.
            await runner.cancel("pj_2", printer: nil)
            #expect(try await ledger.entry("pj_2")?.outcome == .error)
            let again = Reports()
            await runner.run(Self.job(id: "pj_2")) { await again.add($0, $1) }
            #expect(await again.names == [.error])
            #expect(await backend.created.count == 1)
        }
    }

    @Test func aRefusingPrinterIsAnErrorBeforeAnythingPrints() async throws {
        try await withRunner { runner, backend, _ in
            await backend.setRefusal("printer stopped: Paused")
            let reports = Reports()
            await runner.run(Self.job()) { await reports.add($0, $1) }
            #expect(await reports.names == [.error])
            #expect(await reports.states.first?.1 == "printer stopped: Paused")
            #expect(await backend.submissions.isEmpty)
        }
    }

    @Test(arguments: [
        (ContentType.pdfBase64, "%%% not base64", "bad document"),
        (ContentType.pdfURI, "http://127.0.0.1:1/missing.pdf", "download failed"),
        (ContentType.rawURI, "ftp://example.com/x", "download failed"),
        (ContentType.pdfURI, "http://169.254.169.254/latest/meta-data/", "download refused: address not allowed"),
        (ContentType.rawURI, "http://[::ffff:10.0.0.1]/label.zpl", "download refused: address not allowed"),
    ])
    func aDocumentThatCannotBeHadIsAnError(contentType: ContentType, content: String, reason: String) async throws {
        try await withRunner { runner, backend, _ in
            let reports = Reports()
            await runner.run(Self.job(contentType: contentType, content: content)) { await reports.add($0, $1) }
            #expect(await reports.names == [.error])
            #expect(await reports.states.first?.1?.hasPrefix(reason) == true)
            #expect(await backend.submissions.isEmpty)
        }
    }

    @Test func aRunCutShortByTheConnectionIsFollowedNotFailedNextTime() async throws {
        try await withRunner { runner, backend, ledger in
            await backend.setOutcome(.printing)
            let first = Reports()
            let task = Task { await runner.run(Self.job()) { await first.add($0, $1) } }
            try await eventually("handed over") { await backend.submissions.count == 1 }
            task.cancel()
            await task.value
            #expect(await first.names == [.printing])
            let entry = try await ledger.entry("pj_1")
            #expect(entry?.outcome == nil)

            await backend.finishAll()
            let second = Reports()
            await runner.run(Self.job()) { await second.add($0, $1) }
            #expect(await second.names.last == .completed)
            #expect(await backend.submissions.count == 1)
        }
    }

    @Test func aDownloadCutShortByTheConnectionIsNotAnError() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        // The listener is not the server: loopback has to be allowed by name.
        let loopback = AddressPolicy(allowedNetworks: [IPNetwork("127.0.0.1/32")!])
        try await withRunner(downloadTimeout: 60, downloadPolicy: loopback) { runner, backend, ledger in
            let reports = Reports()
            let job = Self.job(contentType: .pdfURI, content: "http://127.0.0.1:\(listener.port)/invoice.pdf")
            let task = Task { await runner.run(job) { await reports.add($0, $1) } }
            try await eventually("download started") { listener.hasPendingConnection }
            task.cancel()
            await task.value
            #expect(await reports.names.isEmpty)
            #expect(try await ledger.entry("pj_1")?.outcome == nil)
            #expect(await backend.submissions.isEmpty)
        }
    }

    @Test func aLongTitleIsShortenedInThePrintSystemJobNameAndTheIdKept() async throws {
        try await withRunner { runner, backend, _ in
            var job = Self.job(qty: 2)
            job.title = String(repeating: "é", count: 255)
            await runner.run(job) { _, _ in }
            let names = await backend.submissions.map(\.jobName)
            #expect(names.count == 2)
            #expect(names.allSatisfy { $0.utf8.count <= 255 })
            #expect(names.last?.hasSuffix(" [pj_1 2/2]") == true)
        }
    }

    @Test func temporaryDocumentsAreRemoved() async throws {
        try await withRunner { runner, _, _ in
            let before = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
                .filter { $0.hasPrefix("printcloud-pj_tmp") }
            await runner.run(Self.job(id: "pj_tmp")) { _, _ in }
            let after = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
                .filter { $0.hasPrefix("printcloud-pj_tmp") }
            #expect(before.isEmpty && after.isEmpty)
        }
    }
}

@Suite struct CUPSOptionsTests {
    @Test func everyOptionMapsAsDesignSays() {
        let options = PrintOptions(
            copies: 2, color: false, duplex: .shortEdge, paper: "A4", media: "photo", pages: "1-2, 5", fitToPage: true)
        let mapped = Dictionary(
            uniqueKeysWithValues: CUPSOptions.mapped(options, raw: false).map { ($0.name, $0.value) })
        #expect(
            mapped == [
                "copies": "2", "print-color-mode": "monochrome", "sides": "two-sided-short-edge", "media": "A4",
                "InputSlot": "Photo", "media-source": "photo", "page-ranges": "1-2,5", "print-scaling": "fit",
            ])
        let values = CUPSOptions.mapped(PrintOptions(color: true, duplex: .oneSided), raw: true).map(\.value)
        #expect(values == ["true", "one-sided", "color"])
    }
}

@Suite struct ReconnectBackoffTests {
    @Test func delaysDoubleFromOneSecondUpToAMinuteWithJitter() {
        var backoff = ReconnectBackoff()
        let highest = (0..<10).map { _ in backoff.nextDelay { 0.999_999 } }
        #expect(highest.map { Int($0.rounded()) } == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60])
        backoff.reset()
        #expect(backoff.nextDelay { 0 } == 0.5)
        #expect(backoff.nextDelay { 0 } == 1)
    }
}
