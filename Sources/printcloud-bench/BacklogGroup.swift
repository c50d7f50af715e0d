import Foundation
import HummingbirdWSClient
import Logging
import PrintCloudProtocol

/// Group 8: a queue that built up while the office computer was off. `jobs` jobs are created for a computer
/// that is offline; then it connects, and the figures are how long the queue takes to drain (every job
/// reported `completed`) and how many jobs the client held unfinished at most (the server's flow control
/// bounds it; a server without any sends the whole queue at once).
struct BacklogGroup {
    let server: BenchServer
    let jobs: Int
    /// How long the simulated printer takes per job.
    let printTime: Duration

    var api: API { API(baseURL: server.baseURL, key: server.key) }

    func run(into report: inout Report) async throws {
        let name = "bench-backlog"
        let client = BacklogClient(server: server.baseURL, key: server.key, name: name, printTime: printTime)
        try await client.signInAndLeave()
        let printer = try await api.printerIDs(ofComputersNamed: name)[0]
        try await createQueue(printer: printer)
        let (seconds, peak) = try await client.drain(jobs: jobs)
        report.add(
            "backlog.drain_seconds", seconds,
            "\(jobs) jobs queued offline: connect to all completed (printer \(Int(printTime.seconds * 1000)) ms/job)")
        report.add("backlog.drain_jobs_per_s", Double(jobs) / seconds, "queued jobs completed per second")
        report.add("backlog.peak_jobs_in_flight", Double(peak), "most jobs the client held unfinished at once")
    }

    /// Creates the queue, 32 requests at a time.
    private func createQueue(printer: String) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<32 {
                group.addTask { [api, jobs] in
                    for _ in stride(from: worker, to: jobs, by: 32) {
                        _ = try await api.createJob(printerID: printer, document: JobGroups.document)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

/// A desktop client whose one printer takes `printTime` per job: it reads `print_job` frames as they come and
/// prints them one after another, so the jobs the server pushed ahead pile up in its queue.
struct BacklogClient: Sendable {
    let server: String
    let key: String
    let name: String
    let printTime: Duration

    private var url: String { server.replacingOccurrences(of: "http://", with: "ws://") + "/ws" }

    private static var logger: Logger {
        var logger = Logger(label: "bench-backlog")
        logger.logLevel = .critical
        return logger
    }

    /// Signs in and reports the printer, so that the computer exists, then disconnects and waits until the
    /// server has taken it offline.
    func signInAndLeave() async throws {
        try await WebSocketClient.connect(url: url, logger: Self.logger) { inbound, outbound, _ in
            var messages = inbound.messages(maxSize: 1 << 24).makeAsyncIterator()
            try await Self.send(.auth(.init(apiKey: key, computerName: name, os: "Bench")), on: outbound)
            _ = try await messages.next()
            try await Self.send(.printers([PrinterReport(name: "Backlog Printer")]), on: outbound)
            _ = try await messages.next()
            try await outbound.close(.normalClosure, reason: nil)
        }
        let api = API(baseURL: server, key: key)
        for _ in 0..<200 {
            let (_, body) = try await api.request(.GET, "/api/computers")
            let computers = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [[String: Any]]
            if computers?.first(where: { $0["name"] as? String == name })?["state"] as? String == "offline" { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("the backlog computer never went offline")
    }

    /// Connects and prints until `jobs` jobs are completed; the seconds from connecting, and the most jobs
    /// received and not yet completed at any moment.
    func drain(jobs: Int) async throws -> (seconds: Double, peak: Int) {
        let start = ContinuousClock.now
        let held = Held()
        try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 22), logger: Self.logger) {
            inbound, outbound, _ in
            var messages = inbound.messages(maxSize: 1 << 24).makeAsyncIterator()
            try await Self.send(.auth(.init(apiKey: key, computerName: name, os: "Bench")), on: outbound)
            _ = try await messages.next()
            try await Self.send(.printers([PrinterReport(name: "Backlog Printer")]), on: outbound)
            let (received, queue) = AsyncStream.makeStream(of: String.self)
            let printer = Task {
                var completed = 0
                for await id in received {
                    try await Task.sleep(for: printTime)
                    try await Self.send(.jobState(.init(jobId: id, state: .printing)), on: outbound)
                    try await Self.send(.jobState(.init(jobId: id, state: .completed)), on: outbound)
                    await held.release()
                    completed += 1
                    if completed == jobs { break }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            while let message = try await messages.next() {
                guard case .text(let text) = message,
                    case .printJob(let job) = try? JSONDecoder().decode(ServerMessage.self, from: Data(text.utf8))
                else { continue }
                await held.take()
                queue.yield(job.id)
            }
            queue.finish()
            try await printer.value
        }
        return ((ContinuousClock.now - start).seconds, await held.peak)
    }

    private static func send(_ message: ClientMessage, on outbound: WebSocketOutboundWriter) async throws {
        try await outbound.writeTextMessage(String(decoding: try JSONEncoder().encode(message), as: UTF8.self))
    }
}

/// Jobs received and not yet completed, and the most there were.
private actor Held {
    private var count = 0
    private(set) var peak = 0

    func take() {
        count += 1
        peak = max(peak, count)
    }

    func release() { count -= 1 }
}
