import Foundation
import PrintCloudTestSupport
import Testing

/// The benchmark's quick mode, so it never rots. Figures are printed, never asserted.
@Suite(.timeLimit(.minutes(5))) struct BenchmarkTests {
    @Test func quickModeMeasuresEveryGroupWithoutErrors() async throws {
        try await withTemporaryDirectory { directory in
            let json = directory.appendingPathComponent("bench.json").path
            // Group 7 runs on the PostgreSQL of scripts/test when there is one (always in CI).
            let postgres = TestPostgres.baseURL.map { ["--postgres", $0] } ?? []
            let bench = try await ServerProcess(
                ["--quick", "--json", json] + postgres, in: directory,
                executable: ServerProcess.binary.deletingLastPathComponent().appendingPathComponent("printcloud-bench"))
            #expect(try await bench.exitStatus(timeout: 240) == 0, "\(bench.standardError)")
            print(bench.standardOutput)
            let figures = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [[String: Any]]
            )
            let names = Set(figures.compactMap { $0["name"] as? String })
            for name in [
                "ceiling.sqlite_durable_commits_per_s", "ceiling.get_healthz_per_s", "jobs.create_per_s",
                "jobs.writes_per_commit", "jobs.end_to_end_completed_per_s", "dispatch.latency_p99_us",
                "large.peak_memory_over_idle_mib", "ceiling.websocket_round_trip_p99_us",
            ] + (postgres.isEmpty ? [] : ["postgres.jobs.create_per_s", "postgres.dispatch.latency_p99_us"]) {
                #expect(names.contains(name), "missing \(name)")
            }
            let errors = figures.first { $0["name"] as? String == "jobs.create_errors" }?["value"] as? Double
            #expect(errors == 0)
            if !postgres.isEmpty {
                #expect(
                    figures.first { $0["name"] as? String == "postgres.jobs.create_errors" }?["value"] as? Double == 0)
            }
        }
    }
}
