import Foundation
import PrintCloudTestSupport
import Testing

/// The benchmark's quick mode, so it never rots. Figures are printed, never asserted.
@Suite(.timeLimit(.minutes(10))) struct BenchmarkTests {
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
                "ceiling.sqlite_durable_commits_per_s", "ceiling.get_healthz_per_s", "generator.get_healthz_per_s",
                "auth.whoami_per_s", "jobs.create_per_s",
                "jobs.writes_per_commit", "jobs.end_to_end_completed_per_s", "dispatch.latency_p99_us",
                "completed.latency_p99_us", "busy.dispatch.latency_p99_us", "large.peak_memory_over_idle_mib",
                "ceiling.websocket_round_trip_p99_us", "connections.200.memory_per_connection_kib",
                "connections.200.dispatch.latency_p99_us",
            ] + (postgres.isEmpty ? [] : ["postgres.jobs.create_per_s", "postgres.dispatch.latency_p99_us"]) {
                #expect(names.contains(name), "missing \(name)")
            }
            func value(_ name: String) -> Double? {
                figures.first { $0["name"] as? String == name }?["value"] as? Double
            }
            for name in [
                "auth.whoami_errors", "jobs.create_errors", "latency.lost", "busy.latency.lost",
                "connections.200.latency.lost",
            ] {
                #expect(value(name) == 0, "\(name)")
            }
            if !postgres.isEmpty {
                #expect(value("postgres.jobs.create_errors") == 0)
                #expect(value("postgres.latency.lost") == 0)
            }
        }
    }
}
