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
        print(
            "PrintCloud benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores, shared by the server and this load generator"
        )

        // 1. Ceilings.
        let commitRate = try Self.durableCommitRate(in: directory, for: duration)
        report.add("ceiling.sqlite_durable_commits_per_s", commitRate, "single-row SQLite commits/s, synchronous=FULL")

        let first = try BenchServer(binary: binary, directory: directory.appendingPathComponent("a").creating())
        let api = API(baseURL: first.baseURL, key: first.key)
        let health = await hammer(concurrency: 32, for: duration) { _ in
            _ = try await api.request(.GET, "/healthz")
        }
        // AsyncHTTPClient's pool opens at most 8 connections per host, so this is a floor of the ceiling.
        let getRate = Double(health.ok) / health.seconds
        report.add("ceiling.get_healthz_per_s", getRate, "GET /healthz per second")

        // 2. Durable job creation, no client connected: jobs stay pending.
        let arrivals = Arrivals()
        let stop = StopFlag()
        try await Self.connect(clients: 1, server: first, arrivals: arrivals, stop: stop, completes: false)
        await stop.set()
        let printer = try await api.printerIDs()[0]
        let document = Data("^XA^FDbench^FS^XZ".utf8).base64EncodedString()
        let creation = await hammer(concurrency: 64, for: duration) { _ in
            _ = try await api.createJob(printerID: printer, document: document)
        }
        let creationRate = Double(creation.ok) / creation.seconds
        report.add("jobs.create_per_s", creationRate, "POST /api/printjobs per second (durable)", ratioTo: commitRate)
        report.add("jobs.create_errors", Double(creation.failed), "errors while creating jobs")
        if let statistics = first.stop(), statistics.commits > 0 {
            report.add(
                "jobs.writes_per_commit", Double(statistics.writes) / Double(statistics.commits),
                "writes per SQLite commit (group commit)")
        }

        // 3 and 4. End to end, with simulated clients that complete at once; dispatch latency at 200 jobs/s.
        let second = try BenchServer(binary: binary, directory: directory.appendingPathComponent("b").creating())
        let api2 = API(baseURL: second.baseURL, key: second.key)
        let idle = second.memory()
        let arrivals2 = Arrivals()
        let stop2 = StopFlag()
        try await Self.connect(clients: 8, server: second, arrivals: arrivals2, stop: stop2, completes: true)
        let printers = try await api2.printerIDs()
        let endToEnd = await hammer(concurrency: 32, for: duration) { worker in
            _ = try await api2.createJob(printerID: printers[worker % printers.count], document: document)
        }
        try await Task.sleep(for: .seconds(1))
        let completed = try await api2.count(state: "completed")
        report.add(
            "jobs.end_to_end_completed_per_s", Double(completed) / endToEnd.seconds,
            "jobs reaching completed per second (8 simulated clients)", ratioTo: commitRate)

        var latencies = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        let interval = Duration.milliseconds(5)
        var next = ContinuousClock.now
        var sent: [(String, ContinuousClock.Instant)] = []
        let end = next + duration
        while next < end {
            try await Task.sleep(until: next, clock: .continuous)
            let started = ContinuousClock.now
            sent.append(
                (
                    try await api2.createJob(printerID: printers[sent.count % printers.count], document: document),
                    started
                ))
            next += interval
        }
        try await Task.sleep(for: .milliseconds(500))
        for (id, started) in sent {
            if let arrived = await arrivals2.time(of: id) {
                _ = latencies.record(UInt64(max(0, (arrived - started).seconds * 1_000_000)))
            }
        }
        for (label, percentile) in [("p50", 50.0), ("p99", 99.0), ("p99.9", 99.9)] {
            report.add(
                "dispatch.latency_\(label)_us", Double(latencies.valueAtPercentile(percentile)),
                "POST → print_job at the client, \(label), µs, at 200 jobs/s")
        }

        // 6. A large document through the content URL.
        let size = quick ? 5 * 1024 * 1024 : 50 * 1024 * 1024
        let big = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }).base64EncodedString()
        let bigStart = ContinuousClock.now
        let bigID = try await api2.createJob(printerID: printers[0], document: big)
        let payload = await arrivals2.job(bigID)
        let (status, body) = try await API(baseURL: "", key: second.key).request(.GET, payload.content)
        guard status == 200, body.readableBytes == size else { throw BenchError("the large document did not arrive") }
        report.add(
            "large.seconds", (ContinuousClock.now - bigStart).seconds, "\(size >> 20) MiB document, POST to downloaded")
        report.add(
            "large.peak_memory_over_idle_mib", Double(second.memory().peak - idle.resident) / 1024,
            "server peak resident memory above idle, MiB", ratioTo: Double(size) / 1_048_576,
            reference: "the document")
        await stop2.set()
        _ = second.stop()

        try report.write(to: json)
        print(report.table)
        print("Not measured yet: 10,000 / 50,000 idle connections (group 5) and the PostgreSQL runs (group 7).")
    }

    /// Signs in `clients` simulated desktop clients, each with one printer, and returns once all are ready.
    static func connect(clients: Int, server: BenchServer, arrivals: Arrivals, stop: StopFlag, completes: Bool)
        async throws
    {
        let (ready, continuation) = AsyncStream.makeStream(of: Void.self)
        for index in 0..<clients {
            let client = SimulatedClient(
                server: server.baseURL, key: server.key, name: "bench-\(index)", arrivals: arrivals,
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
