import Foundation
import Histogram

/// Groups 2 to 4 against one running server; run on SQLite and again on PostgreSQL (group 7).
struct JobGroups {
    let server: BenchServer
    let duration: Duration
    /// Names the engine in the figures' names: "" for SQLite, "postgres." for PostgreSQL.
    let prefix: String
    let commitRate: Double

    var api: API { API(baseURL: server.baseURL, key: server.key) }
    static let document = Data("^XA^FDbench^FS^XZ".utf8).base64EncodedString()

    /// Group 2: durable job creation with no client connected, so the jobs stay `pending`.
    func creation(into report: inout Report) async throws {
        let stop = StopFlag()
        try await BenchCommand.connect(
            clients: 1, named: "bench-idle", server: server, arrivals: Arrivals(), stop: stop, completes: false)
        await stop.set()
        let printer = try await api.printerIDs(ofComputersNamed: "bench-idle")[0]
        let creation = await hammer(concurrency: 64, for: duration) { [api] _ in
            _ = try await api.createJob(printerID: printer, document: Self.document)
        }
        report.add(
            "\(prefix)jobs.create_per_s", Double(creation.ok) / creation.seconds,
            "POST /api/printjobs per second (durable)", ratioTo: commitRate)
        report.add("\(prefix)jobs.create_errors", Double(creation.failed), "errors while creating jobs")
    }

    /// Groups 3 and 4: 8 simulated clients that complete every job at once; jobs reaching `completed` per
    /// second, then dispatch latency at 200 jobs/s. Leaves the clients connected for what follows.
    func endToEnd(into report: inout Report, arrivals: Arrivals, stop: StopFlag) async throws -> [String] {
        try await BenchCommand.connect(
            clients: 8, named: "bench-e2e", server: server, arrivals: arrivals, stop: stop, completes: true)
        let printers = try await api.printerIDs(ofComputersNamed: "bench-e2e")
        let before = try await api.count(state: "completed")
        let endToEnd = await hammer(concurrency: 32, for: duration) { [api] worker in
            _ = try await api.createJob(printerID: printers[worker % printers.count], document: Self.document)
        }
        try await Task.sleep(for: .seconds(1))
        let completed = try await api.count(state: "completed") - before
        report.add(
            "\(prefix)jobs.end_to_end_completed_per_s", Double(completed) / endToEnd.seconds,
            "jobs reaching completed per second (8 simulated clients)", ratioTo: commitRate)

        var latencies = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        var next = ContinuousClock.now
        var sent: [(String, ContinuousClock.Instant)] = []
        let end = next + duration
        while next < end {
            try await Task.sleep(until: next, clock: .continuous)
            let started = ContinuousClock.now
            let id = try await api.createJob(printerID: printers[sent.count % printers.count], document: Self.document)
            sent.append((id, started))
            next += .milliseconds(5)
        }
        try await Task.sleep(for: .milliseconds(500))
        for (id, started) in sent {
            if let arrived = await arrivals.time(of: id) {
                _ = latencies.record(UInt64(max(0, (arrived - started).seconds * 1_000_000)))
            }
        }
        for (label, percentile) in [("p50", 50.0), ("p99", 99.0), ("p99.9", 99.9)] {
            report.add(
                "\(prefix)dispatch.latency_\(label)_us", Double(latencies.valueAtPercentile(percentile)),
                "POST → print_job at the client, \(label), µs, at 200 jobs/s")
        }
        return printers
    }
}
