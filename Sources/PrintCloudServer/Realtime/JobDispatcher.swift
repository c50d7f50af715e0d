import Foundation
import Logging
import PrintCloudProtocol

/// Gets jobs to their computers: at once when the computer is connected here, else when it signs in again
/// (after its printer report), oldest first. Each socket gets a job at most once; the desktop client's ledger
/// makes a job offered again on a new socket print only once.
struct JobDispatcher: Sendable {
    let hub: ComputerHub
    let jobs: JobService
    let address: ServerAddress
    /// Documents above this size go by URI on this server instead of inline base64.
    let inlineLimit: Int
    let logger: Logger

    /// Pushes a new job if its computer is ready here; otherwise it waits as `pending`.
    /// `document`, when given, is the job's stored document, so that it need not be read back.
    func dispatch(_ job: JobRecord, document: Data? = nil) async {
        guard await hub.isReady(job.computerID) else { return }
        await offer(job, document: document)
    }

    /// Offers every job of the computer still `pending`, `sent` or `printing`, oldest first.
    func offerQueued(computerID: String) async {
        do {
            for job in try await jobs.queued(computerID: computerID) {
                await offer(job)
            }
        } catch {
            logger.error("could not list queued jobs", metadata: ["computerId": "\(computerID)", "error": "\(error)"])
        }
    }

    private func offer(_ job: JobRecord, document: Data? = nil) async {
        do {
            guard await hub.offer(try await payload(for: job, document: document), to: job.computerID) else { return }
            logger.info("job sent", metadata: ["jobId": "\(job.id)", "computerId": "\(job.computerID)"])
            if job.state == .pending {
                _ = try await jobs.markSent(jobID: job.id)
            }
        } catch {
            logger.error("could not send job", metadata: ["jobId": "\(job.id)", "error": "\(error)"])
        }
    }

    /// The `print_job` for a job: its URI, its document inline in base64, or, when large, a URI on this server.
    func payload(for job: JobRecord, document: Data? = nil) async throws -> PrintJobPayload {
        func stored() async throws -> Data {
            if let document { return document }
            return try await jobs.document(of: job)
        }
        let contentType: ContentType
        let content: String
        if job.contentType.isURI {
            contentType = job.contentType
            content = String(decoding: try await stored(), as: UTF8.self)
        } else if job.contentSize > inlineLimit {
            contentType = job.contentType.asURI
            content = "\(address.baseURL)/api/printjobs/\(job.id)/content"
        } else {
            contentType = job.contentType
            content = try await stored().base64EncodedString()
        }
        return PrintJobPayload(
            id: job.id, printerName: job.printerName, contentType: contentType, content: content, title: job.title,
            options: job.options, qty: job.qty)
    }
}
