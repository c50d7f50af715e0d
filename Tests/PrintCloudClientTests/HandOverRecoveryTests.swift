import Foundation
import PrintCloudClient
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

/// What a run finds after one that died while handing a job over, and a crash at every hand-off step.
@Suite(.timeLimit(.minutes(1))) struct HandOverRecoveryTests {
    static let document = Data("^XA".utf8)

    @Test func aPendingCopyWhoseDocumentArrivedIsCountedNotPrintedAgain() async throws {
        try await RunnerFixture.with { fixture in
            try await fixture.ledger.begin("pj_1")
            let id = await fixture.backend.addExisting(name: "Invoice [pj_1 1/2]", document: Self.document)
            try await fixture.ledger.record("pj_1", printSystemJobIDs: [], pending: id)
            let reports = Reports()
            await fixture.runner().run(RunnerFixture.job(qty: 2)) { await reports.add($0, $1) }
            #expect(await fixture.backend.printed.map(\.jobName) == ["Invoice [pj_1 1/2]", "Invoice [pj_1 2/2]"])
            #expect(await fixture.backend.cancelled.isEmpty)
            #expect(await reports.names == [.printing, .completed])
            let entry = try await fixture.ledger.entry("pj_1")
            #expect(entry?.printSystemJobIDs == [id, id + 1] && entry?.pendingPrintSystemJobID == nil)
        }
    }

    @Test func aPendingCopyWithoutItsDocumentIsCancelledAndPrintedAgain() async throws {
        try await RunnerFixture.with { fixture in
            try await fixture.ledger.begin("pj_1")
            let id = await fixture.backend.addExisting(name: "Invoice [pj_1 1/1]", document: nil)
            try await fixture.ledger.record("pj_1", printSystemJobIDs: [], pending: id)
            let reports = Reports()
            await fixture.runner().run(RunnerFixture.job()) { await reports.add($0, $1) }
            #expect(await fixture.backend.cancelled == [id])
            let printed = await fixture.backend.printed
            #expect(printed.count == 1 && printed.first?.id != id)
            #expect(await reports.names == [.printing, .completed])
        }
    }

    @Test func aPendingCopyThePrintSystemDoesNotKnowIsPrintedAgain() async throws {
        try await RunnerFixture.with { fixture in
            try await fixture.ledger.begin("pj_1")
            try await fixture.ledger.record("pj_1", printSystemJobIDs: [], pending: 42)
            let reports = Reports()
            await fixture.runner().run(RunnerFixture.job()) { await reports.add($0, $1) }
            #expect(await fixture.backend.printed.count == 1)
            #expect(await reports.names == [.printing, .completed])
            #expect(try await fixture.ledger.entry("pj_1")?.printSystemJobIDs == [1])
        }
    }

    @Test func aCopyCreatedButNeverRecordedIsCancelledAndPrintedAgain() async throws {
        try await RunnerFixture.with { fixture in
            // The run died between creating the print-system job and recording it.
            try await fixture.ledger.begin("pj_1")
            let orphan = await fixture.backend.addExisting(name: "Invoice [pj_1 1/2]", document: nil)
            // Another job's copy, whose id starts the same, is left alone.
            let other = await fixture.backend.addExisting(name: "Invoice [pj_10 1/1]", document: nil)
            let reports = Reports()
            await fixture.runner().run(RunnerFixture.job(qty: 2)) { await reports.add($0, $1) }
            #expect(await fixture.backend.cancelled == [orphan])
            #expect(await fixture.backend.cancelled.contains(other) == false)
            #expect(await fixture.backend.printed.map(\.jobName) == ["Invoice [pj_1 1/2]", "Invoice [pj_1 2/2]"])
            #expect(await reports.names == [.printing, .completed])
        }
    }

    @Test func aCopyAnOlderClientLeftWithItsDocumentIsCounted() async throws {
        try await RunnerFixture.with { fixture in
            // Before pending copies were recorded, a copy was created and sent in one step, then recorded.
            // It is still printing, so CUPS lists it among the unfinished jobs.
            try await fixture.ledger.begin("pj_1")
            await fixture.backend.setOutcome(.printing)
            let earlier = await fixture.backend.addExisting(name: "Invoice [pj_1 1/2]", document: Self.document)
            let task = Task { await fixture.runner().run(RunnerFixture.job(qty: 2)) { _, _ in } }
            try await eventually("the second copy handed over") { await fixture.backend.submissions.count == 2 }
            await fixture.backend.finishAll()
            await task.value
            #expect(await fixture.backend.cancelled.isEmpty)
            #expect(await fixture.backend.printed.count == 2)
            #expect(try await fixture.ledger.entry("pj_1")?.printSystemJobIDs.first == earlier)
        }
    }

    /// A client killed at `step`, then started again on the same ledger, prints exactly `qty` copies.
    @Test(arguments: FaultPoint.Step.allCases)
    func aCrashAtAnyHandOverStepStillPrintsEachCopyOnce(step: FaultPoint.Step) async throws {
        try await RunnerFixture.with { fixture in
            let faults = FaultPoint(step: step, action: crash)
            await fixture.backend.setFaults(faults)
            let first = Reports()
            await fixture.runner(faults: faults).run(RunnerFixture.job(qty: 2)) { await first.add($0, $1) }
            #expect(await first.names.isEmpty)
            #expect(try await fixture.ledger.entry("pj_1")?.outcome == nil)

            await fixture.backend.setFaults(.none)
            let again = Reports()
            await fixture.runner().run(RunnerFixture.job(qty: 2)) { await again.add($0, $1) }
            #expect(await again.names == [.printing, .completed])
            let printed = await fixture.backend.printed
            #expect(printed.map(\.jobName).sorted() == ["Invoice [pj_1 1/2]", "Invoice [pj_1 2/2]"])
            // Whatever the crash left without a document is cancelled, so it can never print.
            let created = await fixture.backend.created
            let cancelled = await fixture.backend.cancelled
            #expect(created.filter { $0.document == nil }.allSatisfy { cancelled.contains($0.id) })
            let entry = try await fixture.ledger.entry("pj_1")
            #expect(entry?.printSystemJobIDs == printed.map(\.id).sorted() && entry?.pendingPrintSystemJobID == nil)
        }
    }
}
