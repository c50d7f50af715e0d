import Foundation
import PrintCloudClient
import PrintCloudProtocol
import Testing

/// Jobs past their `expiresAt` when they would first reach the printer.
@Suite(.timeLimit(.minutes(1))) struct JobExpiryTests {
    static let past = "2026-01-01T00:00:00.000Z"
    static let now = { @Sendable in Date(timeIntervalSince1970: 1_798_761_600) }  // 2027-01-01

    @Test func anExpiredJobIsAnErrorAndNothingReachesThePrinter() async throws {
        try await RunnerFixture.with { fixture in
            let reports = Reports()
            await fixture.runner(now: Self.now).run(RunnerFixture.job(expiresAt: Self.past)) {
                await reports.add($0, $1)
            }
            #expect(await reports.states.map(\.0) == [.error])
            #expect(await reports.states.first?.1 == "expired")
            #expect(await fixture.backend.created.isEmpty)
            let entry = try await fixture.ledger.entry("pj_1")
            #expect(entry?.outcome == .error && entry?.message == "expired")
        }
    }

    @Test func aJobNotYetExpiredIsPrinted() async throws {
        try await RunnerFixture.with { fixture in
            let reports = Reports()
            let job = RunnerFixture.job(expiresAt: "2027-01-01T00:00:01.000Z")
            await fixture.runner(now: Self.now).run(job) { await reports.add($0, $1) }
            #expect(await reports.names == [.printing, .completed])
        }
    }

    @Test func anExpiredJobWithACopyAlreadyHandedOverIsCompleted() async throws {
        try await RunnerFixture.with { fixture in
            try await fixture.ledger.begin("pj_1")
            let id = await fixture.backend.addExisting(name: "Invoice [pj_1 1/2]", document: Data("^XA".utf8))
            try await fixture.ledger.record("pj_1", printSystemJobIDs: [id])
            let reports = Reports()
            await fixture.runner(now: Self.now).run(RunnerFixture.job(qty: 2, expiresAt: Self.past)) {
                await reports.add($0, $1)
            }
            #expect(await reports.names == [.printing, .completed])
            #expect(await fixture.backend.printed.count == 2)
        }
    }

    @Test func anExpiredJobWhoseOnlyCopyWasCutOffIsNotPrinted() async throws {
        try await RunnerFixture.with { fixture in
            // The document never reached the print system whole: nothing was handed over.
            try await fixture.ledger.begin("pj_1")
            let id = await fixture.backend.addExisting(name: "Invoice [pj_1 1/1]", document: nil)
            try await fixture.ledger.record("pj_1", printSystemJobIDs: [], pending: id)
            let reports = Reports()
            await fixture.runner(now: Self.now).run(RunnerFixture.job(expiresAt: Self.past)) {
                await reports.add($0, $1)
            }
            #expect(await reports.states.map(\.1) == ["expired"])
            #expect(await fixture.backend.cancelled == [id])
            #expect(await fixture.backend.printed.isEmpty)
        }
    }
}
