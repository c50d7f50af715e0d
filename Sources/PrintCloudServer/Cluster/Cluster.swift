import Foundation
import Logging
import PrintCloudProtocol

/// This server instance among the others on the same database. Whatever concerns a computer's socket is
/// done here when the socket is here, and told to the other instances through the bus otherwise (on SQLite
/// there are none, and the bus is nil).
struct Cluster: Sendable {
    let instanceID: String
    let bus: (any ClusterBus)?
    let hub: ComputerHub
    let dispatcher: JobDispatcher
    let jobs: JobService
    let keys: RecentReads<APIKeyRecord>
    let printers: RecentReads<PrinterRecord>
    let logger: Logger
    /// New jobs on their way to `jobCreated`, in order.
    let announcements = JobAnnouncements()

    /// A job was committed: it goes to its computer, after the caller's answer and in the order of acceptance.
    func announce(_ job: JobRecord, document: Data) {
        announcements.announce(job, document: document) { [self] job, document in
            await jobCreated(job, document: document)
        }
    }

    /// Pushes a committed job to its computer, here or wherever it is connected.
    private func jobCreated(_ job: JobRecord, document: Data) async {
        if await hub.isReady(job.computerID) {
            await dispatcher.dispatch(job, document: document)
        } else {
            await publish(.jobQueued(jobID: job.id, accountID: job.accountID, computerID: job.computerID))
        }
    }

    /// A job was deleted: its computer stops it if it was printing.
    func jobDeleted(_ job: JobRecord) async {
        if await hub.send(.cancelJob(jobId: job.id), to: job.computerID) {
            await dispatcher.finished(jobID: job.id, computerID: job.computerID)
        } else {
            await publish(.cancelJob(jobID: job.id, computerID: job.computerID))
        }
    }

    /// A computer signed in here: its socket on any other instance is closed.
    func signedIn(_ connection: ComputerHub.Connection) async {
        await publish(.signedIn(computerID: connection.computerID, connectionID: connection.id))
    }

    func disconnect(computerIDs: [String], reason: String) async {
        await hub.disconnect(computerIDs: computerIDs, reason: reason)
        for id in computerIDs {
            await publish(.disconnectComputer(computerID: id, reason: reason))
        }
    }

    /// A computer connected here reported its printers: the other instances forget what they remember of them.
    func printersReported(computerID: String) async {
        await publish(.printersReported(computerID: computerID))
    }

    func disconnect(keyID: String, reason: String) async {
        await hub.disconnect(keyID: keyID, reason: reason)
        await publish(.disconnectKey(keyID: keyID, reason: reason))
    }

    /// Does what another instance asked.
    func receive(_ envelope: ClusterEnvelope) async {
        guard envelope.from != instanceID else { return }
        switch envelope.message {
        case .jobQueued(let jobID, let accountID, let computerID):
            guard await hub.isReady(computerID) else { return }
            do {
                await dispatcher.dispatch(try await jobs.job(id: jobID, accountID: accountID).job)
            } catch {
                logger.warning("could not read a queued job", metadata: ["jobId": "\(jobID)", "error": "\(error)"])
            }
        case .cancelJob(let jobID, let computerID):
            if await hub.send(.cancelJob(jobId: jobID), to: computerID) {
                await dispatcher.finished(jobID: jobID, computerID: computerID)
            }
        case .signedIn(let computerID, let connectionID):
            await hub.close(computerID: computerID, except: connectionID, reason: "signed in on another server")
        case .disconnectComputer(let computerID, let reason):
            printers.forget { $0.computerID == computerID }
            await hub.disconnect(computerIDs: [computerID], reason: reason)
        case .printersReported(let computerID):
            printers.forget { $0.computerID == computerID }
        case .disconnectKey(let keyID, let reason):
            keys.forget { $0.id == keyID }
            await hub.disconnect(keyID: keyID, reason: reason)
        }
    }

    /// Ends the jobs that waited past their expiry, then offers the queued jobs of every computer ready here.
    func sweep() async {
        do {
            let expired = try await jobs.expireDue()
            if expired > 0 { logger.info("jobs expired", metadata: ["count": "\(expired)"]) }
        } catch {
            logger.error("could not expire jobs", metadata: ["error": "\(error)"])
        }
        await offerQueuedJobs()
    }

    /// Offers the queued jobs of every computer ready here: the safety net for messages the bus lost.
    func offerQueuedJobs() async {
        for computerID in await hub.readyComputerIDs {
            await dispatcher.offerQueued(computerID: computerID)
        }
    }

    private func publish(_ message: ClusterMessage) async {
        await bus?.publish(ClusterEnvelope(from: instanceID, message: message))
    }
}
