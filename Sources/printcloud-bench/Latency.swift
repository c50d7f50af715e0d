import Foundation
import Histogram

/// Jobs sent at a steady rate, each `POST` at its own scheduled instant (a slow answer does not hold back
/// the next, so queueing shows in the figures), to printers whose simulated clients complete them at once.
struct LatencyRun {
    let api: API
    let printers: [String]
    let arrivals: Arrivals

    struct Result {
        /// `POST` sent → `print_job` at the client, µs.
        var dispatch = Self.histogram()
        /// `POST` sent → `completed` visible through `GET /api/printjobs/:id`, µs, for a sample of the jobs.
        var completed = Self.histogram()
        var lost = 0

        static func histogram() -> Histogram<UInt64> {
            Histogram(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        }
    }

    /// About 50 jobs a second are followed to `completed`, polling their state every twentieth of the time
    /// waited so far (at least every half millisecond): a 5 % error at most, and little load of its own.
    func measure(rate: Double, for duration: Duration) async -> Result {
        let count = max(1, Int(duration.seconds * rate))
        let interval = Duration.seconds(1 / rate)
        let sampleEvery = max(1, Int(rate / 50))
        let start = ContinuousClock.now + .milliseconds(20)
        let sent = await withTaskGroup(of: (String, ContinuousClock.Instant, UInt64?)?.self) { group in
            for index in 0..<count {
                group.addTask { [api, printers] in
                    try? await Task.sleep(until: start + interval * index, clock: .continuous)
                    let sentAt = ContinuousClock.now
                    let printer = printers[index % printers.count]
                    guard let id = try? await api.createJob(printerID: printer, document: JobGroups.document) else {
                        return nil
                    }
                    guard index % sampleEvery == 0 else { return (id, sentAt, nil) }
                    return (id, sentAt, await completion(of: id, sentAt: sentAt))
                }
            }
            var sent: [(String, ContinuousClock.Instant, UInt64?)?] = []
            for await job in group { sent.append(job) }
            return sent
        }
        var result = Result()
        let deadline = ContinuousClock.now + .seconds(10)
        for job in sent {
            guard let (id, sentAt, completed) = job else {
                result.lost += 1
                continue
            }
            if let completed { _ = result.completed.record(completed) }
            var arrived = await arrivals.time(of: id)
            while arrived == nil, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(10))
                arrived = await arrivals.time(of: id)
            }
            guard let arrived else {
                result.lost += 1
                continue
            }
            _ = result.dispatch.record(UInt64(max(0, (arrived - sentAt).seconds * 1_000_000)))
        }
        return result
    }

    /// Microseconds from `sentAt` until the job reads `completed`, or nil after 10 s.
    private func completion(of id: String, sentAt: ContinuousClock.Instant) async -> UInt64? {
        let deadline = sentAt + .seconds(10)
        while ContinuousClock.now < deadline {
            if let (_, body) = try? await api.request(.GET, "/api/printjobs/\(id)"),
                let job = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
                job["state"] as? String == "completed"
            {
                return UInt64((ContinuousClock.now - sentAt).seconds * 1_000_000)
            }
            try? await Task.sleep(for: max(.microseconds(500), (ContinuousClock.now - sentAt) / 20))
        }
        return nil
    }
}

extension Report {
    /// The percentiles of one latency run, each over its ceiling (the WebSocket round trip at that percentile).
    mutating func add(
        latency result: LatencyRun.Result, named prefix: String, at condition: String, ceiling: (Double, Double)
    ) {
        for (label, percentile) in [("p50", 50.0), ("p99", 99.0), ("p99.9", 99.9)] {
            let roundTrip = percentile == 50 ? ceiling.0 : ceiling.1
            add(
                "\(prefix)dispatch.latency_\(label)_us", Double(result.dispatch.valueAtPercentile(percentile)),
                "POST → print_job at the client, \(label), µs, \(condition)", ratioTo: roundTrip,
                reference: "WebSocket round trip")
            add(
                "\(prefix)completed.latency_\(label)_us", Double(result.completed.valueAtPercentile(percentile)),
                "POST → completed stored (read back), \(label), µs, \(condition)", ratioTo: roundTrip,
                reference: "WebSocket round trip")
        }
        add("\(prefix)latency.lost", Double(result.lost), "jobs not answered or not delivered, \(condition)")
    }
}
