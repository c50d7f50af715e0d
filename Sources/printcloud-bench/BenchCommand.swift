import ArgumentParser
import Foundation
import GRDB
import Histogram
import PrintCloudProtocol

/// `printcloud-bench`: how fast the server is on this machine, next to the machine's own ceilings.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printcloud-bench",
        abstract: "Measure PrintCloud against this machine's ceilings; prints a table and writes JSON.",
        discussion: """
            Starts printcloud-server (next to this binary unless --server-binary) on a fresh SQLite file in a \
            temporary folder. The load generator is this process: it shares the cores with the server.
            """)

    @Flag(help: "A second or two per group: checks the benchmark works (the test suite runs this).")
    var quick = false

    @Option(help: "The printcloud-server binary. Default: next to this one.")
    var serverBinary: String?

    @Option(help: "Where to write the figures as JSON.")
    var json = "bench-results.json"

    @Option(help: "Seconds per measured group (default 10; --quick: 1).")
    var seconds: Double?

    @Option(
        help: ArgumentHelp(
            "A PostgreSQL database for group 7 (jobs on PostgreSQL); scripts/bench starts one.",
            valueName: "postgres-url"))
    var postgres: String?

    @Flag(help: "Run only group 8 (a queue built up offline, drained after the computer connects).")
    var backlogOnly = false

    func run() async throws {
        let duration = Duration.milliseconds(Int((seconds ?? (quick ? 1 : 10)) * 1000))
        let binary =
            serverBinary.map(URL.init(fileURLWithPath:))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("printcloud-server")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("printcloud-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var report = Report()
        // 8. A queue built up while the computer was offline, drained once it connects.
        func backlog() async throws {
            let server = try BenchServer(binary: binary, directory: directory.appendingPathComponent("d").creating())
            try await BacklogGroup(server: server, jobs: quick ? 100 : 1000, printTime: .milliseconds(2))
                .run(into: &report)
            _ = server.stop()
        }
        if backlogOnly {
            try await backlog()
            try report.write(to: json)
            print(report.table)
            return
        }
        let openFiles = ConnectionGroup.openFileLimit
        print(
            "PrintCloud benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores, shared by the server and this load generator; open-file limit \(openFiles)"
        )

        // 1. Ceilings.
        let commitRate = try Self.durableCommitRate(in: directory, for: duration)
        report.add("ceiling.sqlite_durable_commits_per_s", commitRate, "single-row SQLite commits/s, synchronous=FULL")

        let first = try BenchServer(binary: binary, directory: directory.appendingPathComponent("a").creating())
        let api = API(baseURL: first.baseURL, key: first.key)
        let wrk = Wrk(connections: 32, duration: duration, directory: directory)
        let healthz = try await wrk.run("GET", first.baseURL + "/healthz").succeededPerSecond
        report.add("ceiling.get_healthz_per_s", healthz, "GET /healthz per second (wrk, 32 connections)")
        // Why the HTTP groups use wrk: this process's own client, on the same request.
        let generator = await hammer(concurrency: 32, for: duration) { _ in
            _ = try await api.request(.GET, "/healthz")
        }
        report.add(
            "generator.get_healthz_per_s", Double(generator.ok) / generator.seconds,
            "GET /healthz per second from this process's HTTP client", ratioTo: healthz, reference: "wrk")
        let whoami = try await wrk.run("GET", first.baseURL + "/api/whoami", key: first.key)
        report.add(
            "auth.whoami_per_s", whoami.succeededPerSecond, "authenticated GET /api/whoami per second (wrk)",
            ratioTo: healthz, reference: "GET /healthz")
        report.add("auth.whoami_errors", Double(whoami.failed), "errors of authenticated GETs")
        let echo = try await webSocketRoundTrips(server: first.baseURL, key: first.key, for: duration)
        let roundTrip = (Double(echo.valueAtPercentile(50)), Double(echo.valueAtPercentile(99)))
        report.add("ceiling.websocket_round_trip_p50_us", roundTrip.0, "WebSocket round trip, p50, µs")
        report.add("ceiling.websocket_round_trip_p99_us", roundTrip.1, "WebSocket round trip, p99, µs")

        // 2. Durable job creation, no client connected: jobs stay pending.
        try await JobGroups(
            server: first, duration: duration, prefix: "", roundTrip: roundTrip, healthz: healthz, wrk: wrk
        )
        .creation(into: &report)
        if let statistics = first.stop(), statistics.commits > 0 {
            report.add(
                "jobs.writes_per_commit", Double(statistics.writes) / Double(statistics.commits),
                "writes per SQLite commit (group commit)")
        }

        // 3 and 4. End to end, with simulated clients that complete at once; dispatch latency at 200 jobs/s.
        let second = try BenchServer(binary: binary, directory: directory.appendingPathComponent("b").creating())
        let idle = second.memory()
        let arrivals = Arrivals()
        let stop = StopFlag()
        let printers = try await JobGroups(
            server: second, duration: duration, prefix: "", roundTrip: roundTrip, healthz: healthz, wrk: wrk
        )
        .endToEnd(into: &report, arrivals: arrivals, stop: stop)

        // 6. A large document through the content URL.
        let size = quick ? 5 * 1024 * 1024 : 50 * 1024 * 1024
        let big = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }).base64EncodedString()
        let bigStart = ContinuousClock.now
        let bigID = try await API(baseURL: second.baseURL, key: second.key).createJob(
            printerID: printers[0], document: big)
        let payload = await arrivals.job(bigID)
        let (status, body) = try await API(baseURL: "", key: second.key).request(.GET, payload.content)
        guard status == 200, body.readableBytes == size else { throw BenchError("the large document did not arrive") }
        report.add(
            "large.seconds", (ContinuousClock.now - bigStart).seconds, "\(size >> 20) MiB document, POST to downloaded")
        report.add(
            "large.peak_memory_over_idle_mib", Double(second.memory().peak - idle.resident) / 1024,
            "server peak resident memory above idle, MiB", ratioTo: Double(size) / 1_048_576,
            reference: "the document")
        await stop.set()
        _ = second.stop()

        // 5. Idle connections, on a server of their own.
        let third = try BenchServer(binary: binary, directory: directory.appendingPathComponent("c").creating())
        try await ConnectionGroup(server: third, duration: duration, roundTrip: roundTrip)
            .run(steps: quick ? [200] : [10_000, 50_000], into: &report)
        _ = third.stop()

        try await backlog()

        // 7. Groups 2 to 4 again on PostgreSQL.
        if let postgres {
            let server = try BenchServer(
                binary: binary, directory: directory.appendingPathComponent("pg").creating(), database: postgres)
            let groups = JobGroups(
                server: server, duration: duration, prefix: "postgres.", roundTrip: roundTrip, healthz: healthz,
                wrk: wrk)
            try await groups.creation(into: &report)
            let stopPostgres = StopFlag()
            _ = try await groups.endToEnd(into: &report, arrivals: Arrivals(), stop: stopPostgres)
            await stopPostgres.set()
            _ = server.stop()
        }

        try report.write(to: json)
        print(report.table)
        if postgres == nil {
            print("PostgreSQL (group 7) left out: it needs --postgres URL (scripts/bench gives one).")
        }
    }

    /// Signs in `clients` simulated desktop clients, each with one printer, and returns once all are ready.
    static func connect(
        clients: Int, named prefix: String, server: BenchServer, arrivals: Arrivals, stop: StopFlag, completes: Bool
    ) async throws {
        let (ready, continuation) = AsyncStream.makeStream(of: Void.self)
        for index in 0..<clients {
            let client = SimulatedClient(
                server: server.baseURL, key: server.key, name: "\(prefix)-\(index)", arrivals: arrivals,
                completes: completes)
            Task { try await client.run(ready: { continuation.yield() }, stop: stop) }
        }
        var signedIn = 0
        for await _ in ready {
            signedIn += 1
            if signedIn == clients { break }
        }
    }

    /// Single-row commits per second with synchronous=FULL, on the same file system as the server's file.
    static func durableCommitRate(in directory: URL, for duration: Duration) throws -> Double {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let queue = try DatabaseQueue(
            path: directory.appendingPathComponent("ceiling.sqlite").path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "CREATE TABLE rows (n INTEGER)")
        }
        let start = ContinuousClock.now
        var commits = 0
        while ContinuousClock.now - start < duration {
            try queue.write { db in try db.execute(sql: "INSERT INTO rows VALUES (?)", arguments: [commits]) }
            commits += 1
        }
        return Double(commits) / (ContinuousClock.now - start).seconds
    }
}

extension URL {
    func creating() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
