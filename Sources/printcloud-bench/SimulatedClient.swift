import Foundation
import Histogram
import HummingbirdWSClient
import Logging
import NIOCore
import PrintCloudProtocol
import Synchronization

/// A desktop client that prints nothing: signs in, reports one printer, and answers every `print_job`
/// with `printing` then `completed` at once, noting when each job arrived.
struct SimulatedClient: Sendable {
    let server: String
    let key: String
    let name: String
    let arrivals: Arrivals
    /// Whether to answer jobs (group 2 wants them left `pending`).
    let completes: Bool

    /// Runs until `stop` is set; returns once signed in and reported (`ready` resumes).
    func run(ready: @escaping @Sendable () -> Void, stop: StopFlag) async throws {
        var logger = Logger(label: "bench-client")
        logger.logLevel = .critical
        let url = server.replacingOccurrences(of: "http://", with: "ws://") + "/ws"
        try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 22), logger: logger) {
            inbound, outbound, _ in
            func send(_ message: ClientMessage) async throws {
                try await outbound.writeTextMessage(String(decoding: try JSONEncoder().encode(message), as: UTF8.self))
            }
            try await send(.auth(.init(apiKey: key, computerName: name, os: "Bench", clientVersion: "bench")))
            var messages = inbound.messages(maxSize: 1 << 24).makeAsyncIterator()
            _ = try await messages.next()
            try await send(.printers([PrinterReport(name: "Bench Printer")]))
            _ = try await messages.next()
            ready()
            let watcher = Task {
                while !(await stop.isSet) { try await Task.sleep(for: .milliseconds(50)) }
                try await outbound.close(.normalClosure, reason: nil)
            }
            defer { watcher.cancel() }
            while let message = try await messages.next() {
                guard case .text(let text) = message,
                    case .printJob(let job) = try? JSONDecoder().decode(ServerMessage.self, from: Data(text.utf8))
                else { continue }
                await arrivals.arrived(job, at: ContinuousClock.now)
                if completes {
                    try await send(.jobState(.init(jobId: job.id, state: .printing)))
                    try await send(.jobState(.init(jobId: job.id, state: .completed)))
                }
            }
        }
    }
}

/// When each job reached a simulated client.
actor Arrivals {
    private(set) var count = 0
    private var times: [String: ContinuousClock.Instant] = [:]
    private var payloads: [String: PrintJobPayload] = [:]
    private var waiters: [String: CheckedContinuation<PrintJobPayload, Never>] = [:]

    func arrived(_ job: PrintJobPayload, at time: ContinuousClock.Instant) {
        count += 1
        times[job.id] = time
        if let waiter = waiters.removeValue(forKey: job.id) {
            waiter.resume(returning: job)
        } else {
            payloads[job.id] = job
        }
    }

    func time(of id: String) -> ContinuousClock.Instant? { times[id] }

    /// Waits for the job to arrive.
    func job(_ id: String) async -> PrintJobPayload {
        if let payload = payloads.removeValue(forKey: id) { return payload }
        return await withCheckedContinuation { waiters[id] = $0 }
    }
}

actor StopFlag {
    private(set) var isSet = false
    func set() { isSet = true }
}

/// The WebSocket round trip ceiling: a signed-in client sends a binary frame, which the server answers with
/// an `error` message at once, touching no storage.
func webSocketRoundTrips(server: String, key: String, for duration: Duration) async throws -> Histogram<UInt64> {
    var logger = Logger(label: "bench-echo")
    logger.logLevel = .critical
    let url = server.replacingOccurrences(of: "http://", with: "ws://") + "/ws"
    let result = Mutex(Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three))
    try await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
        var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
        let auth = ClientMessage.auth(.init(apiKey: key, computerName: "bench-echo", os: "Bench"))
        try await outbound.writeTextMessage(String(decoding: try JSONEncoder().encode(auth), as: UTF8.self))
        _ = try await messages.next()
        let end = ContinuousClock.now + duration
        var latencies = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        while ContinuousClock.now < end {
            let start = ContinuousClock.now
            try await outbound.writeBinaryMessage(ByteBuffer(bytes: [0]))
            guard try await messages.next() != nil else { throw BenchError("the echo socket closed") }
            _ = latencies.record(UInt64((ContinuousClock.now - start).seconds * 1_000_000))
        }
        try await outbound.close(.normalClosure, reason: nil)
        result.withLock { $0 = latencies }
    }
    return result.withLock { $0 }
}
