import Foundation
import PrintCloudClient
import PrintCloudTestSupport
import Testing

/// The ledger's listing of the last jobs, which `printcloud-client status` prints.
@Suite struct JobLedgerTests {
    @Test func theLastJobsComeNewestFirstWithTheirOutcome() async throws {
        try await withTemporaryDirectory { directory in
            let ledger = try JobLedger(path: directory.appendingPathComponent("ledger.sqlite").path)
            #expect(try await ledger.recent(limit: 10).isEmpty)
            // Named so that their names sort the other way: the order is by time (then by first record).
            try await ledger.begin("pj_b_old")
            try await ledger.record("pj_b_old", printSystemJobIDs: [7])
            try await ledger.finish("pj_b_old", outcome: .completed, message: nil)
            try await ledger.begin("pj_a_new")
            try await ledger.finish("pj_a_new", outcome: .error, message: "printer stopped")
            let recent = try await ledger.recent(limit: 10)
            #expect(recent.map(\.entry.jobID) == ["pj_a_new", "pj_b_old"])
            #expect(recent.first?.entry.message == "printer stopped")
            #expect(recent.last?.entry.printSystemJobIDs == [7])
            #expect(try await ledger.recent(limit: 1).map(\.entry.jobID) == ["pj_a_new"])
        }
    }
}
