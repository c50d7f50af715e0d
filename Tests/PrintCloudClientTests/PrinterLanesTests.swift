import Foundation
import PrintCloudClient
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

/// Jobs per printer in the order received, a set number at a time, printers side by side.
@Suite(.timeLimit(.minutes(2))) struct PrinterLanesTests {
    /// Lanes running `fixture`'s runner while `body` runs; jobs stay printing until the test ends them.
    /// Tests wait for a job's document (`submissions`), not its creation: `finishAll` ends only jobs that
    /// have their document.
    func withLanes(
        concurrency: [String: Int] = [:], _ body: (PrinterLanes, RunnerFixture) async throws -> Void
    ) async throws {
        try await RunnerFixture.with { fixture in
            await fixture.backend.setOutcome(.printing)
            let runner = fixture.runner()
            let lanes = PrinterLanes(concurrency: concurrency) { job in await runner.run(job) { _, _ in } }
            let running = Task { await lanes.run() }
            // Ended and awaited before the ledger's folder goes, whether the test passed or not.
            do { try await body(lanes, fixture) } catch {
                running.cancel()
                await running.value
                throw error
            }
            running.cancel()
            await running.value
        }
    }

    func names(_ backend: FakeBackend, printer: String = "Office") async -> [String] {
        await backend.created.filter { $0.printer == printer }.map(\.jobName)
    }

    static func invoice(_ number: Int, printer: String = "Office") -> PrintJobPayload {
        RunnerFixture.job(id: "pj_\(number)", printer: printer)
    }

    @Test func jobsForOnePrinterRunOneAtATimeInTheOrderReceived() async throws {
        try await withLanes { lanes, fixture in
            for number in 1...5 { #expect(await lanes.offer(Self.invoice(number))) }
            for started in 1...5 {
                try await eventually("job \(started) handed over") {
                    await fixture.backend.submissions.count == started
                }
                #expect(await lanes.load(of: "Office") == (5 - started, 1))
                await fixture.backend.finishAll()
            }
            try await eventually("the lane empty") { await lanes.load(of: "Office") == (0, 0) }
            #expect(await names(fixture.backend) == (1...5).map { "Invoice [pj_\($0) 1/1]" })
            #expect(await fixture.backend.peakInFlight["Office"] == 1)
        }
    }

    @Test func differentPrintersRunSideBySide() async throws {
        try await withLanes { lanes, fixture in
            await lanes.offer(Self.invoice(1))
            await lanes.offer(Self.invoice(2))
            await lanes.offer(Self.invoice(3, printer: "Label"))
            // Neither has ended, yet both printers have a job.
            try await eventually("a job at each printer") { await fixture.backend.submissions.count == 2 }
            #expect(await names(fixture.backend) == ["Invoice [pj_1 1/1]"])
            #expect(await names(fixture.backend, printer: "Label") == ["Invoice [pj_3 1/1]"])
            #expect(await lanes.load(of: "Office") == (1, 1))
        }
    }

    @Test func aPrinterConfiguredForTwoGetsTwoAtOnceAndNeverMore() async throws {
        try await withLanes(concurrency: ["Office": 2]) { lanes, fixture in
            for number in 1...5 { await lanes.offer(Self.invoice(number)) }
            try await eventually("two handed over") { await fixture.backend.submissions.count == 2 }
            #expect(await lanes.load(of: "Office") == (3, 2))
            await fixture.backend.finishAll()
            try await eventually("four handed over") { await fixture.backend.submissions.count == 4 }
            #expect(await lanes.load(of: "Office") == (1, 2))
            await fixture.backend.finishAll()
            try await eventually("five handed over") { await fixture.backend.submissions.count == 5 }
            try await eventually("the last one running alone") { await lanes.load(of: "Office") == (0, 1) }
            await fixture.backend.finishAll()
            try await eventually("the lane empty") { await lanes.load(of: "Office") == (0, 0) }
            #expect(await names(fixture.backend) == (1...5).map { "Invoice [pj_\($0) 1/1]" })
            #expect(await fixture.backend.peakInFlight["Office"] == 2)
        }
    }

    @Test func copiesOfOneJobStayTogether() async throws {
        try await withLanes { lanes, fixture in
            await fixture.backend.setOutcome(.completed)
            await lanes.offer(RunnerFixture.job(id: "pj_1", qty: 3))
            await lanes.offer(RunnerFixture.job(id: "pj_2", qty: 2))
            try await eventually("both done") { await fixture.backend.submissions.count == 5 }
            #expect(
                await names(fixture.backend) == [
                    "Invoice [pj_1 1/3]", "Invoice [pj_1 2/3]", "Invoice [pj_1 3/3]", "Invoice [pj_2 1/2]",
                    "Invoice [pj_2 2/2]",
                ])
        }
    }

    @Test func aJobOfferedAgainWhileWaitingOrRunningRunsOnce() async throws {
        try await withLanes { lanes, fixture in
            #expect(await lanes.offer(Self.invoice(1)))
            #expect(await lanes.offer(Self.invoice(2)))
            try await eventually("job 1 handed over") { await fixture.backend.submissions.count == 1 }
            #expect(await lanes.offer(Self.invoice(1)) == false)
            #expect(await lanes.offer(Self.invoice(2)) == false)
            await fixture.backend.finishAll()
            try await eventually("job 2 handed over") { await fixture.backend.submissions.count == 2 }
            await fixture.backend.finishAll()
            try await eventually("the lane empty") { await lanes.load(of: "Office") == (0, 0) }
            #expect(await names(fixture.backend) == ["Invoice [pj_1 1/1]", "Invoice [pj_2 1/1]"])
        }
    }

    @Test func aWaitingJobWithdrawnNeverRunsAndIsRecordedAsCancelled() async throws {
        try await withLanes { lanes, fixture in
            for number in 1...3 { await lanes.offer(Self.invoice(number)) }
            try await eventually("job 1 handed over") { await fixture.backend.submissions.count == 1 }
            #expect(await lanes.withdraw("pj_1") == .running(printer: "Office"))
            let place = await lanes.withdraw("pj_2")
            #expect(place == .waiting(printer: "Office"))
            // What ClientConnection does with a cancel_job.
            await fixture.runner().cancel("pj_2", printer: place?.printer)
            #expect(await lanes.withdraw("pj_2") == nil)
            #expect(await lanes.load(of: "Office") == (1, 1))
            let entry = try await fixture.ledger.entry("pj_2")
            #expect(entry?.outcome == .error && entry?.message == "canceled: the job was deleted")

            await fixture.backend.finishAll()
            try await eventually("job 3 handed over") { await fixture.backend.submissions.count == 2 }
            await fixture.backend.finishAll()
            try await eventually("the lane empty") { await lanes.load(of: "Office") == (0, 0) }
            #expect(await names(fixture.backend) == ["Invoice [pj_1 1/1]", "Invoice [pj_3 1/1]"])
        }
    }

    @Test func jobsStillWaitingWhenTheLanesEndAreDropped() async throws {
        try await RunnerFixture.with { fixture in
            await fixture.backend.setOutcome(.printing)
            let runner = fixture.runner()
            let lanes = PrinterLanes { job in await runner.run(job) { _, _ in } }
            let running = Task { await lanes.run() }
            await lanes.offer(Self.invoice(1))
            await lanes.offer(Self.invoice(2))
            try await eventually("job 1 handed over") { await fixture.backend.submissions.count == 1 }
            running.cancel()
            // run returns only once the job it started has returned.
            await running.value
            #expect(await fixture.backend.created.count == 1)
            #expect(try await fixture.ledger.entry("pj_1")?.outcome == nil)
            #expect(try await fixture.ledger.entry("pj_2") == nil)
        }
    }
}
