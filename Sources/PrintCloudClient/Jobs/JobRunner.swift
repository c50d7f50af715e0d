import Foundation
import Logging
import PrintCloudProtocol

/// Takes a `print_job` to its end: prints it exactly `qty` times and reports `printing`, then `completed`
/// or `error` with the printer's reason. A job the ledger knows is never printed again: what was handed
/// over is followed, and a known outcome is reported again.
public struct JobRunner: Sendable {
    public typealias Report = @Sendable (JobState, String?) async -> Void

    let backend: any PrinterBackend
    let ledger: JobLedger
    let fetcher: DocumentFetcher
    /// The longest wait between two looks at a job being printed.
    let pollInterval: Duration
    let faults: FaultPoint
    /// The client's clock, which decides whether a job has expired.
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        backend: any PrinterBackend, ledger: JobLedger, fetcher: DocumentFetcher,
        pollInterval: Duration = .milliseconds(500), faults: FaultPoint = .none,
        now: @escaping @Sendable () -> Date = Date.init, logger: Logger
    ) {
        self.backend = backend
        self.ledger = ledger
        self.fetcher = fetcher
        self.pollInterval = pollInterval
        self.faults = faults
        self.now = now
        self.logger = logger
    }

    /// The print-system job name: it carries the PrintCloud job id, so a crashed run's jobs can be found.
    /// The title is shortened so that the name stays within IPP's 255 bytes with the id intact.
    static func jobName(_ job: PrintJobPayload, copy: Int) -> String {
        var title = Substring(job.title)
        while title.utf8.count > 160 { title = title.dropLast() }
        return "\(title) [\(job.id) \(copy)/\(job.qty)]"
    }

    public func run(_ job: PrintJobPayload, report: Report) async {
        do {
            if let entry = try await ledger.entry(job.id), let outcome = entry.outcome {
                logger.info("job already done; reporting its outcome", metadata: ["jobId": "\(job.id)"])
                await report(outcome, entry.message)
                return
            }
            guard case .handedOver(let ids) = try await handOver(job) else {
                try await ledger.finish(job.id, outcome: .error, message: "expired")
                logger.notice("job expired before it reached the printer", metadata: ["jobId": "\(job.id)"])
                await report(.error, "expired")
                return
            }
            try faults.reach(.afterHandover)
            await report(
                .printing, "Accepted by the print system as job \(ids.map(String.init).joined(separator: ", "))")
            let (outcome, message) = try await follow(ids, printer: job.printerName)
            try await ledger.finish(job.id, outcome: outcome, message: message)
            logger.info("job finished", metadata: ["jobId": "\(job.id)", "state": "\(outcome.rawValue)"])
            await report(outcome, message)
        } catch  where error is CancellationError || Task.isCancelled {
            // The connection ended, not the job (a download cut short says so in an error of its own): what
            // was handed over is in the ledger and is followed again when the job is offered next time.
            logger.info("job left to the next connection", metadata: ["jobId": "\(job.id)"])
        } catch {
            let message = (error as? PrinterError)?.description ?? "\(error)"
            try? await ledger.finish(job.id, outcome: .error, message: message)
            logger.notice("job failed", metadata: ["jobId": "\(job.id)", "reason": "\(message)"])
            await report(.error, message)
        }
    }

    private enum HandOver {
        /// Every copy's print-system job has its whole document.
        case handedOver([Int])
        /// Nothing was handed over and the job's time is past: it must not print.
        case expired
    }

    /// Gets the job to the printer `qty` times in all, counting what an earlier run handed over. Each copy is
    /// created empty and recorded as pending before its document is sent, so that a crash at any point
    /// leaves either a job the ledger knows or one without a document.
    private func handOver(_ job: PrintJobPayload) async throws -> HandOver {
        var ids: [Int] = []
        if let entry = try await ledger.entry(job.id) { ids = try await recover(job, from: entry) }
        guard ids.count < job.qty else { return .handedOver(ids) }
        if ids.isEmpty, let expiry = job.expiry, expiry <= now() { return .expired }
        try await ledger.begin(job.id)
        let file = try await fetcher.fetch(job)
        defer { try? FileManager.default.removeItem(at: file) }
        for copy in (ids.count + 1)...job.qty {
            try faults.reach(.beforeCreate)
            let id = try await backend.createJob(
                printer: job.printerName, jobName: Self.jobName(job, copy: copy), options: job.options,
                raw: job.contentType.isRaw)
            try faults.reach(.afterCreate)
            try await ledger.record(job.id, printSystemJobIDs: ids, pending: id)
            do {
                try await backend.sendDocument(file, toJob: id, printer: job.printerName, raw: job.contentType.isRaw)
            } catch  where !(error is CancellationError) {
                // Without its whole document the copy must never print: take it back before failing.
                try? await backend.cancel(job: id, printer: job.printerName)
                try await ledger.record(job.id, printSystemJobIDs: ids)
                throw error
            }
            try faults.reach(.afterDocument)
            ids.append(id)
            try await ledger.record(job.id, printSystemJobIDs: ids)
        }
        return .handedOver(ids)
    }

    /// Settles what a run that died while handing the job over left behind, and returns the copies that
    /// reached the print system whole. Only unfinished print-system jobs are looked up by name: finished
    /// ones are purged from CUPS' history, and the ledger already knows every copy that got its document.
    private func recover(_ job: PrintJobPayload, from entry: JobLedger.Entry) async throws -> [Int] {
        let printer = job.printerName
        let metadata: Logger.Metadata = ["jobId": "\(job.id)"]
        var ids = entry.printSystemJobIDs
        if let pending = entry.pendingPrintSystemJobID {
            switch try await backend.documents(ofJob: pending, printer: printer) {
            case .some(let count) where count > 0:
                // The document was complete; the run died before the ledger heard so.
                ids.append(pending)
            case .some:
                // Cut off mid-document: cupsd holds such a job, with no document, until it gives up on it.
                logger.notice("cancelling a copy whose document was cut off", metadata: metadata)
                try? await backend.cancel(job: pending, printer: printer)
            case nil:
                logger.warning(
                    "the print system no longer knows a copy being handed over; printing it again",
                    metadata: metadata.merging(["printSystemJobId": "\(pending)"]) { $1 })
            }
        }
        let known = Set(ids + [entry.pendingPrintSystemJobID].compactMap { $0 })
        for orphan in try await backend.jobs(named: "[\(job.id) ", printer: printer) where !known.contains(orphan) {
            // Created by a run that died before recording it, so before sending it anything. One with a
            // document can only come from a client that predates the pending record and sent in one step.
            if let count = try await backend.documents(ofJob: orphan, printer: printer), count > 0 {
                ids.append(orphan)
            } else {
                logger.notice("cancelling a copy that never got its document", metadata: metadata)
                try? await backend.cancel(job: orphan, printer: printer)
            }
        }
        ids.sort()
        if ids != entry.printSystemJobIDs || entry.pendingPrintSystemJobID != nil {
            try await ledger.record(job.id, printSystemJobIDs: ids)
        }
        return ids
    }

    /// Waits for every print-system job to end: `completed` if all printed, else `error` with the reason.
    private func follow(_ ids: [Int], printer: String) async throws -> (JobState, String?) {
        var pending = ids
        var schedule = PollSchedule(ceiling: pollInterval)
        var forgotten = false
        while !pending.isEmpty {
            try await Task.sleep(for: schedule.nextDelay())
            var stillPending: [Int] = []
            for id in pending {
                switch try await backend.status(ofJob: id, printer: printer) {
                case .completed: continue
                case .notFound:
                    // This job had its whole document, and cupsd drops only finished jobs from its history.
                    forgotten = true
                case .failed(let reason):
                    for other in pending where other != id { try? await backend.cancel(job: other, printer: printer) }
                    try? await backend.cancel(job: id, printer: printer)
                    return (.error, reason)
                case .waiting, .printing: stillPending.append(id)
                }
            }
            pending = stillPending
        }
        return (.completed, "Printed to \(printer)" + (forgotten ? " (the print system no longer lists the job)" : ""))
    }

    /// Cancels the job at the printer (the server deleted it), and records it as cancelled so that it is
    /// never printed if it is offered again.
    public func cancel(_ jobID: String, printer: String?) async {
        let entry = try? await ledger.entry(jobID)
        guard entry?.outcome == nil else { return }
        if let printer, let entry {
            for id in entry.printSystemJobIDs + [entry.pendingPrintSystemJobID].compactMap({ $0 }) {
                try? await backend.cancel(job: id, printer: printer)
            }
        }
        try? await ledger.finish(jobID, outcome: .error, message: "canceled: the job was deleted")
    }
}
