import Foundation
import Logging
import PrintCloudProtocol

/// Gets jobs to their computers, a window at a time per printer and in the order they were accepted: each
/// ready socket is offered the oldest unfinished jobs of each printer, at most `window`, and the next when
/// the client reports one finished (`DispatchLane`). Jobs wait as `pending` while their computer is offline
/// and go out after its printer report; after a reconnect, from the oldest unfinished one. Each socket gets a
/// job at most once; the desktop client's ledger makes a job offered again on a new socket print only once.
struct JobDispatcher: Sendable {
    let hub: ComputerHub
    let jobs: JobService
    let address: ServerAddress
    /// Documents above this size go by URI on this server instead of inline base64.
    let inlineLimit: Int
    /// How many unfinished jobs of one printer a socket holds at most.
    let window: Int
    /// Whether a new job may be offered without reading its printer's queue, when nothing older waits: only
    /// when this instance accepts every job (SQLite) and announces them in order (`JobAnnouncements`). With
    /// several instances a job accepted elsewhere may not have been announced here yet.
    let offersWithoutReading: Bool
    /// Documents of new jobs waiting for room in their window.
    let waiting = WaitingDocuments(capacity: 64 * 1024 * 1024)
    let clock: WallClock
    let logger: Logger

    /// A new job whose computer is ready here: offered if its printer's window has room.
    /// `document`, when given, is the job's stored document, so that it need not be read back.
    func dispatch(_ job: JobRecord, document: Data? = nil) async {
        if offersWithoutReading {
            switch await hub.admit(job, window: window) {
            case (.offer, let connectionID)?:
                _ = await offer(job, document: document, on: connectionID)
            case (.read, let connectionID)?:
                keep(document, of: job)
                await fill(printerID: job.printerID, computerID: job.computerID, connectionID: connectionID)
            case (.none, _)?:
                keep(document, of: job)
            case nil:
                return
            }
        } else {
            // Kept even when a read is under way: that read reads again and finds the job.
            keep(document, of: job)
            guard let connectionID = await hub.beginLaneRead(computerID: job.computerID, printerID: job.printerID)
            else { return }
            await fill(printerID: job.printerID, computerID: job.computerID, connectionID: connectionID)
        }
    }

    /// Keeps a small new job's document until the job goes out.
    private func keep(_ document: Data?, of job: JobRecord) {
        guard let document, !job.contentType.isURI, job.contentSize <= inlineLimit else { return }
        waiting.keep(document, for: job.id)
    }

    /// Offers the computer's queue on its socket here, printer by printer (after its first printer report,
    /// and on every sweep).
    func offerQueued(computerID: String) async {
        do {
            for printerID in try await jobs.queuedPrinters(computerID: computerID) {
                guard let connectionID = await hub.beginLaneRead(computerID: computerID, printerID: printerID)
                else { continue }
                await fill(printerID: printerID, computerID: computerID, connectionID: connectionID)
            }
        } catch {
            logger.error("could not list queued jobs", metadata: ["computerId": "\(computerID)", "error": "\(error)"])
        }
    }

    /// A job finished or was deleted: its place in the window goes to the next job.
    func finished(jobID: String, computerID: String) async {
        switch await hub.finish(jobID: jobID, computerID: computerID) {
        case (.offer(let next), let connectionID, _)?:
            if next.hasExpired(at: clock.now()) {
                // Ended, never sent; its place goes to the one after it.
                do { try await jobs.expireDue() } catch {
                    logger.error("could not expire jobs", metadata: ["error": "\(error)"])
                }
                await finished(jobID: next.id, computerID: computerID)
            } else {
                _ = await offer(next, document: waiting.take(next.id), on: connectionID)
            }
        case (.read, let connectionID, let printerID)?:
            await fill(printerID: printerID, computerID: computerID, connectionID: connectionID)
        case nil:
            return
        }
    }

    /// Reads the printer's oldest unfinished jobs and offers the socket those it was not offered yet, until
    /// no one asked for another read meanwhile. The caller has begun the lane's read.
    private func fill(printerID: String, computerID: String, connectionID: String) async {
        var again = true
        while again {
            do {
                var head = try await jobs.unfinished(
                    printerID: printerID, limit: DispatchLane.readLimit(window: window))
                let now = clock.now()
                if head.contains(where: { $0.hasExpired(at: now) }) {
                    // Expired jobs are ended, never sent; then the lane is read again. One another instance is
                    // expiring right now is skipped.
                    if try await jobs.expireDue() > 0 { continue }
                    head.removeAll { $0.hasExpired(at: now) }
                }
                guard
                    let new = await hub.takeLaneHead(
                        connectionID: connectionID, printerID: printerID, head: head, window: window)
                else { return }
                for job in new {
                    guard await offer(job, document: waiting.take(job.id), on: connectionID) else { return }
                }
            } catch {
                logger.error(
                    "could not offer queued jobs", metadata: ["printerId": "\(printerID)", "error": "\(error)"])
            }
            again = await hub.endLaneRead(connectionID: connectionID, printerID: printerID)
        }
    }

    /// Writes the job's `print_job` and records it `sent`; false if the socket is gone. The record is not
    /// waited for: the next job's frame, or the socket's next message, need not queue behind its commit.
    private func offer(_ job: JobRecord, document: Data?, on connectionID: String) async -> Bool {
        do {
            let payload = try await payload(for: job, document: document)
            guard await hub.offer(payload, connectionID: connectionID, computerID: job.computerID) else { return false }
            logger.info("job sent", metadata: ["jobId": "\(job.id)", "computerId": "\(job.computerID)"])
            if job.state == .pending {
                Task { [jobs, logger] in
                    do {
                        _ = try await jobs.markSent(jobID: job.id)
                    } catch {
                        logger.error(
                            "could not record a job sent", metadata: ["jobId": "\(job.id)", "error": "\(error)"])
                    }
                }
            }
        } catch {
            logger.error("could not send job", metadata: ["jobId": "\(job.id)", "error": "\(error)"])
        }
        return true
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
            options: job.options, qty: job.qty, expiresAt: job.expiresAt?.apiTimestamp)
    }
}
