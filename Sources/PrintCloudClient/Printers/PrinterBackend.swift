import Foundation
import PrintCloudProtocol

/// The seam between the client and the print system: CUPS in production, a fake in unit tests.
public protocol PrinterBackend: Sendable {
    /// The local printers with their capabilities and state, as they would be reported.
    func printers() async throws -> [PrinterReport]
    /// Hands a document to the printer; the print system's job id.
    func submit(file: URL, printer: String, jobName: String, options: PrintOptions, raw: Bool) async throws -> Int
    /// Where a job handed over earlier stands.
    func status(ofJob id: Int, printer: String) async throws -> BackendJobStatus
    /// Jobs of `printer` whose name contains `fragment` (to find what a crashed run handed over).
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
}

/// A printer the print system refused to use, with why.
public struct PrinterError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
