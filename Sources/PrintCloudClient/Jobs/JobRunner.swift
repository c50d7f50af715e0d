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
    let pollInterval: Duration
    let logger: Logger

    public init(
        backend: any PrinterBackend, ledger: JobLedger, fetcher: DocumentFetcher,
        pollInterval: Duration = .milliseconds(500), logger: Logger
    ) {
        self.backend = backend
        self.ledger = ledger
        self.fetcher = fetcher
        self.pollInterval = pollInterval
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
            let ids = try await handOver(job)
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

    /// Gets the job to the printer `qty` times in all, counting what an earlier run handed over.
    private func handOver(_ job: PrintJobPayload) async throws -> [Int] {
        let recorded = try await ledger.entry(job.id)?.printSystemJobIDs ?? []
        // Copies a crash left unrecorded are found by their name.
        let found = try await backend.jobs(named: "[\(job.id) ", printer: job.printerName)
        var ids = Array(Set(recorded + found)).sorted()
        guard ids.count < job.qty else { return ids }
        try await ledger.begin(job.id)
        let file = try await fetcher.fetch(job)
        defer { try? FileManager.default.removeItem(at: file) }
        for copy in (ids.count + 1)...job.qty {
            let id = try await backend.submit(
                file: file, printer: job.printerName, jobName: Self.jobName(job, copy: copy), options: job.options,
                raw: job.contentType.isRaw)
            ids.append(id)
            try await ledger.record(job.id, printSystemJobIDs: ids)
        }
        return ids
    }

    /// Waits for every print-system job to end: `completed` if all printed, else `error` with the reason.
    private func follow(_ ids: [Int], printer: String) async throws -> (JobState, String?) {
        var pending = ids
        while !pending.isEmpty {
            var stillPending: [Int] = []
            for id in pending {
                switch try await backend.status(ofJob: id, printer: printer) {
                case .completed: continue
                case .failed(let reason):
                    for other in pending where other != id { try? await backend.cancel(job: other, printer: printer) }
                    try? await backend.cancel(job: id, printer: printer)
                    return (.error, reason)
                case .waiting, .printing: stillPending.append(id)
                }
            }
            pending = stillPending
            if !pending.isEmpty { try await Task.sleep(for: pollInterval) }
        }
        return (.completed, "Printed to \(printer)")
    }

    /// Cancels the job at the printer (the server deleted it).
    public func cancel(_ jobID: String, printer: String?) async {
        guard let entry = try? await ledger.entry(jobID), entry.outcome == nil else { return }
        for id in entry.printSystemJobIDs {
            if let printer { try? await backend.cancel(job: id, printer: printer) }
        }
        try? await ledger.finish(jobID, outcome: .error, message: "canceled: the job was deleted")
    }
}
