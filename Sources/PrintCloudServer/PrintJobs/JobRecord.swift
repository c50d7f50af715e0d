import Foundation
import PrintCloudProtocol

/// A print job as stored; its document lives apart, in parts, so listing never loads documents.
public struct JobRecord: Sendable, Equatable {
    public var id: String
    public var accountID: String
    public var printerID: String
    public var computerID: String
    public var printerName: String
    public var title: String
    public var contentType: ContentType
    /// Bytes of the decoded document (or of the URI).
    public var contentSize: Int
    public var qty: Int
    public var options: PrintOptions
    public var state: JobState
    public var stateMessage: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// After this, a job not yet sent to its computer is never printed: it ends `error` "expired".
    public var expiresAt: Date?

    /// The state message of an expired job.
    static let expiredMessage = "expired"

    /// Whether the job may no longer be offered to its computer at `now`.
    func hasExpired(at now: Date) -> Bool {
        state == .pending && expiresAt.map { $0 <= now } ?? false
    }
}

/// One step of a job's history.
public struct JobStateChange: Codable, Sendable, Equatable {
    public var state: JobState
    public var message: String?
    public var at: Date
}

/// Which jobs a history listing shows.
public struct JobFilter: Sendable, Equatable {
    public var limit = 100
    public var ascending = false
    public var printerID: String?
    public var state: JobState?
    /// A job id: only jobs after it in the listing's order.
    public var after: String?
    /// Only jobs created at or after this.
    public var createdFrom: Date?
    /// Only jobs created before this.
    public var createdBefore: Date?

    public init() {}
}

/// What a state report did to a job.
public enum JobTransition: Sendable, Equatable {
    /// The job moved; here it is as it is now.
    case moved(JobRecord)
    /// A late or repeated report: acknowledged and ignored.
    case ignored
    /// No such job for this computer.
    case notFound
}
