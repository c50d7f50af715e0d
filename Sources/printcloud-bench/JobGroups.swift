import Foundation

/// Groups 2 to 4 against one running server; run on SQLite and again on PostgreSQL (group 7).
struct JobGroups {
    let server: BenchServer
    let duration: Duration
    /// Names the engine in the figures' names: "" for SQLite, "postgres." for PostgreSQL.
    let prefix: String
    /// The WebSocket round trip ceiling, p50 and p99, µs.
    let roundTrip: (Double, Double)
    /// `GET /healthz` per second through wrk: what the HTTP stack serves with nothing behind it.
    let healthz: Double
    let wrk: Wrk

    var api: API { API(baseURL: server.baseURL, key: server.key) }
    static let document = Data("^XA^FDbench^FS^XZ".utf8).base64EncodedString()

    /// Group 2: durable job creation with no client connected, so the jobs stay `pending`.
    func creation(into report: inout Report) async throws {
        let stop = StopFlag()
        try await BenchCommand.connect(
            clients: 1, named: "bench-idle", server: server, arrivals: Arrivals(), stop: stop, completes: false)
        await stop.set()
        let printer = try await api.printerIDs(ofComputersNamed: "bench-idle")[0]
        let creation = try await wrk.run(
            "POST", server.baseURL + "/api/printjobs", key: server.key,
            bodies: [API.jobBody(printerID: printer, document: Self.document)])
        report.add(
            "\(prefix)jobs.create_per_s", creation.succeededPerSecond,
            "POST /api/printjobs per second (durable, wrk)", ratioTo: healthz, reference: "GET /healthz")
        report.add("\(prefix)jobs.create_errors", Double(creation.failed), "errors while creating jobs")
    }

    /// Groups 3 and 4: 8 simulated clients that complete every job at once; jobs reaching `completed` per
    /// second, then latency at 200 jobs/s and at 80 % of that maximum. Leaves the clients connected for what
    /// follows.
    func endToEnd(into report: inout Report, arrivals: Arrivals, stop: StopFlag) async throws -> [String] {
        try await BenchCommand.connect(
            clients: 8, named: "bench-e2e", server: server, arrivals: arrivals, stop: stop, completes: true)
        let printers = try await api.printerIDs(ofComputersNamed: "bench-e2e")
        let before = try await api.count(state: "completed")
        // A closed loop: each of 32 posters waits for its job to reach its client before posting the next, so
        // the figure is what the server carries through, not how long a queue an open flood builds (wrk posts
        // three times faster than jobs complete). Far below the poster's own ceiling (generator.*).
        let endToEnd = await hammer(concurrency: 32, for: duration) { [api] worker in
            let id = try await api.createJob(printerID: printers[worker % printers.count], document: Self.document)
            _ = await arrivals.job(id)
        }
        // The last jobs posted complete a moment later; latency is measured on an empty queue.
        try await drain(printers)
        let completed = try await api.count(state: "completed") - before
        let endToEndRate = Double(completed) / endToEnd.seconds
        report.add(
            "\(prefix)jobs.end_to_end_completed_per_s", endToEndRate,
            "jobs reaching completed per second (8 simulated clients, 32 posters)", ratioTo: healthz,
            reference: "GET /healthz")

        let run = LatencyRun(api: api, printers: printers, arrivals: arrivals)
        report.add(
            latency: await run.measure(rate: 200, for: duration), named: prefix, at: "at 200 jobs/s",
            ceiling: roundTrip)
        try await drain(printers)
        let busy = max(1, (0.8 * endToEndRate).rounded())
        report.add(
            latency: await run.measure(rate: busy, for: duration), named: "\(prefix)busy.",
            at: "at \(Int(busy)) jobs/s (80 % of the end-to-end maximum)", ceiling: roundTrip)
        return printers
    }

    /// Waits (two minutes at most) until no job of `printers` is left unfinished.
    private func drain(_ printers: [String]) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            var unfinished = 0
            for printer in printers {
                for state in ["pending", "sent", "printing"] {
                    unfinished += try await api.count(state: state, printerID: printer)
                }
            }
            if unfinished == 0 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchError("jobs were still unfinished two minutes after the end-to-end group")
    }
}
