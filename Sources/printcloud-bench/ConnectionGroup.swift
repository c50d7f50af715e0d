import Foundation
import NIOCore

/// Group 5: many idle desktop clients signed in at once; the server's memory per connection, and dispatch
/// latency to a few working clients while the idle ones are connected.
struct ConnectionGroup {
    let server: BenchServer
    let duration: Duration
    /// The WebSocket round trip ceiling, p50 and p99, µs.
    let roundTrip: (Double, Double)

    /// Connects up to each of `steps` idle clients in turn (more than the open-file limit allows are left
    /// out, and the figures say how many were reached).
    func run(steps: [Int], into report: inout Report) async throws {
        guard let url = URL(string: server.baseURL), let host = url.host, let port = url.port else {
            throw BenchError("no address in \(server.baseURL)")
        }
        let arrivals = Arrivals()
        let stop = StopFlag()
        try await BenchCommand.connect(
            clients: 8, named: "bench-live", server: server, arrivals: arrivals, stop: stop, completes: true)
        let api = API(baseURL: server.baseURL, key: server.key)
        let latency = LatencyRun(
            api: api, printers: try await api.printerIDs(ofComputersNamed: "bench-live"), arrivals: arrivals)
        _ = await latency.measure(rate: 200, for: .milliseconds(500))  // warm-up, so idle below is comparable
        let idle = server.memory().resident
        let clients = IdleClients(
            host: host, port: port, key: server.key, sources: (1...4).map { "127.0.0.\($0)" })
        // Each connection holds a descriptor here and one in the server, which inherited this limit.
        let limit = Self.openFileLimit - 1_000
        var channels: [any Channel] = []
        for step in steps {
            let target = min(step, limit)
            let start = ContinuousClock.now
            let before = channels.count
            channels += try await clients.connect(before..<target)
            let seconds = (ContinuousClock.now - start).seconds
            let name = "connections.\(step)."
            let reached = target < step ? " (\(target) reached: open-file limit)" : ""
            report.add(
                name + "sign_ins_per_s", Double(channels.count - before) / seconds,
                "idle clients signed in per second, on the way to \(step)\(reached)")
            let memory = Double(server.memory().resident - idle) / Double(channels.count)
            report.add(
                name + "memory_per_connection_kib", memory,
                "server resident memory per idle signed-in client, KiB\(reached)", ratioTo: 16,
                reference: "the 16 KiB target")
            report.add(
                latency: await latency.measure(rate: 200, for: duration), named: name,
                at: "at 200 jobs/s, \(channels.count) idle clients connected", ceiling: roundTrip)
        }
        // Closed before the next server starts: Foundation's Process.run() crashes when this process holds
        // more than about 1,400 descriptors.
        for channel in channels { channel.close(promise: nil) }
        for channel in channels { try? await channel.closeFuture.get() }
        await stop.set()
    }

    /// This process's open-file limit, raised to its hard limit first (before the server starts, so that it
    /// inherits the raised limit).
    static let openFileLimit: Int = {
        var limit = rlimit()
        getrlimit(RLIMIT_NOFILE_VALUE, &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(RLIMIT_NOFILE_VALUE, &limit)
        return Int(min(limit.rlim_cur, rlim_t(Int32.max)))
    }()
}

#if os(Linux)
    private let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#else
    private let RLIMIT_NOFILE_VALUE = RLIMIT_NOFILE
#endif
