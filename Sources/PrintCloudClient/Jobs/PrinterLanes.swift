import PrintCloudProtocol

/// One queue per printer: its jobs run in the order they were received, a set number at a time (one unless
/// configured otherwise, so that the next job reaches CUPS only once the one before has completed or
/// failed), and different printers run side by side. A job offered while it is waiting or running is not
/// queued again. Jobs still waiting when `run` ends are dropped: the server offers them again on the next
/// connection.
public actor PrinterLanes {
    public typealias Work = @Sendable (PrintJobPayload) async -> Void

    /// Where a withdrawn job was.
    public enum Place: Sendable, Equatable {
        /// Not started; it has been taken out and will not run.
        case waiting(printer: String)
        /// Already running; only the runner can stop it.
        case running(printer: String)

        public var printer: String {
            switch self {
            case .waiting(let printer), .running(let printer): printer
            }
        }
    }

    private struct Lane {
        var waiting: [PrintJobPayload] = []
        var running: Set<String> = []
    }

    private let concurrency: [String: Int]
    private let work: Work
    private var lanes: [String: Lane] = [:]
    /// The printer of every job waiting or running, by job id.
    private var printers: [String: String] = [:]
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// `concurrency`: printer name to how many of its jobs may run at once; 1 for a printer not named.
    public init(concurrency: [String: Int] = [:], work: @escaping Work) {
        self.concurrency = concurrency
        self.work = work
        // Wake-ups only say "look again", so any number of them pending is as good as one.
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues the job behind the others for its printer; false if it is already waiting or running.
    @discardableResult
    public func offer(_ job: PrintJobPayload) -> Bool {
        guard printers[job.id] == nil else { return false }
        printers[job.id] = job.printerName
        lanes[job.printerName, default: Lane()].waiting.append(job)
        wake.yield()
        return true
    }

    /// Takes the job out of its lane if it has not started; where it was, or nil if it is in no lane.
    public func withdraw(_ jobID: String) -> Place? {
        guard let printer = printers[jobID] else { return nil }
        guard let index = lanes[printer]?.waiting.firstIndex(where: { $0.id == jobID }) else {
            return .running(printer: printer)
        }
        lanes[printer]?.waiting.remove(at: index)
        printers[jobID] = nil
        return .waiting(printer: printer)
    }

    /// How many of the printer's jobs are waiting and how many running, now.
    public func load(of printer: String) -> (waiting: Int, running: Int) {
        (lanes[printer]?.waiting.count ?? 0, lanes[printer]?.running.count ?? 0)
    }

    /// Starts jobs as lanes have room, until cancelled; returns once the jobs it started have returned.
    public func run() async {
        let work = self.work
        await withDiscardingTaskGroup { group in
            for await _ in wakeups {
                for job in startable() {
                    group.addTask {
                        await work(job)
                        await self.finished(job)
                    }
                }
            }
        }
    }

    /// The jobs that may start now, marked as running.
    private func startable() -> [PrintJobPayload] {
        var started: [PrintJobPayload] = []
        for (printer, var lane) in lanes {
            let room = max(concurrency[printer] ?? 1, 1) - lane.running.count
            guard room > 0, !lane.waiting.isEmpty else { continue }
            let next = lane.waiting.prefix(room)
            lane.waiting.removeFirst(next.count)
            lane.running.formUnion(next.map(\.id))
            lanes[printer] = lane
            started += next
        }
        return started
    }

    private func finished(_ job: PrintJobPayload) {
        printers[job.id] = nil
        lanes[job.printerName]?.running.remove(job.id)
        if let lane = lanes[job.printerName], lane.waiting.isEmpty, lane.running.isEmpty {
            lanes[job.printerName] = nil
        }
        wake.yield()
    }
}
