import Foundation
import PrintCloudProtocol

/// The seam between the client and the print system: CUPS in production, a fake in unit tests.
/// A copy is handed over in two steps, so that its print-system job id can be recorded before any of its
/// document reaches the printer: `createJob`, then `sendDocument`.
public protocol PrinterBackend: Sendable {
    /// The local printers with their capabilities and state, as they would be reported.
    func printers() async throws -> [PrinterReport]
    /// Creates a print-system job with no document yet (it waits for one); its id.
    func createJob(printer: String, jobName: String, options: PrintOptions, raw: Bool) async throws -> Int
    /// Sends the job its one and last document; once this returns, the print system has all of it.
    func sendDocument(_ file: URL, toJob id: Int, printer: String, raw: Bool) async throws
    /// Where a job handed over earlier stands.
    func status(ofJob id: Int, printer: String) async throws -> BackendJobStatus
    /// How many complete documents the print system holds for the job; nil when it does not know the job.
    func documents(ofJob id: Int, printer: String) async throws -> Int?
    /// Unfinished jobs of `printer` whose name contains `fragment` (to find what a crashed run left).
    func jobs(named fragment: String, printer: String) async throws -> [Int]
    func cancel(job id: Int, printer: String) async throws
}

/// A print-system job's state, as the runner needs it.
public enum BackendJobStatus: Sendable, Equatable {
    /// Queued, not printing yet.
    case waiting
    case printing
    case completed
    /// Ended without printing; the reason as the print system gives it.
    case failed(String)
    /// The print system does not know the job: it never had it, or it dropped the job from its history.
    case notFound
}

/// A printer the print system refused to use, with why.
public struct PrinterError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
