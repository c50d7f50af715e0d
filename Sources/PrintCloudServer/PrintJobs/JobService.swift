import Foundation
import PrintCloudProtocol
import Prometheus

/// The rules for print jobs: validation, durable creation, forward-only states, history, deletion and
/// retention. Knows nothing of HTTP or sockets.
public struct JobService: Sendable {
    let jobs: any JobStore
    let computers: ComputerService
    let clock: WallClock
    /// Largest decoded document accepted, in bytes.
    let maxDocumentSize: Int
    /// How long a job may wait to be sent to its computer when its request does not say (`expireAfter`).
    let defaultExpiry: Duration

    /// Documents are stored in parts of this size, so a download holds one part in memory at a time.
    static let partSize = 256 * 1024

    /// What a client asks to print, as it sent it.
    public struct Request: Sendable {
        public var printerId: String
        public var contentType: String
        public var content: String
        public var title: String?
        public var qty: Int?
        public var options: [String: JSONValue]?
        public var idempotencyKey: String?
        /// Seconds the job may wait to be sent to its computer.
        public var expireAfter: Int?
        /// The document's bytes when the caller holds them (an upload), in place of base64 `content`.
        public var document: Data? = nil
    }

    /// The largest `expireAfter`: a year.
    static let maxExpiry = 365 * 24 * 3600

    public init(
        jobs: any JobStore, computers: ComputerService, clock: WallClock, maxDocumentSize: Int,
        defaultExpiry: Duration = .seconds(14 * 24 * 3600)
    ) {
        self.jobs = jobs
        self.computers = computers
        self.clock = clock
        self.maxDocumentSize = maxDocumentSize
        self.defaultExpiry = defaultExpiry
    }

    /// Validates and durably creates a job: once this returns, the job survives a crash.
    /// A retry with the same idempotency key returns the first job and writes nothing. `document` is what
    /// was stored, so that pushing the job need not read it back.
    public func create(_ request: Request, accountID: String) async throws -> (
        job: JobRecord, created: Bool, document: Data
    ) {
        guard let contentType = ContentType(rawValue: request.contentType) else {
            throw ServiceError.invalid(
                "contentType", "must be one of \(ContentType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let document =
            if let given = request.document, !contentType.isURI {
                try checkedSize(given)
            } else {
                try document(from: request.content, as: contentType)
            }
        let title = request.title ?? "Untitled"
        try TextLength.check(title, field: "title", max: 255)
        let qty = request.qty ?? 1
        guard (1...1000).contains(qty) else { throw ServiceError.invalid("qty", "must be 1 to 1000") }
        let options: PrintOptions
        do {
            options = try PrintOptions.validated(request.options ?? [:])
        } catch {
            throw ServiceError.invalid(error.field, error.reason)
        }
        if let seconds = request.expireAfter, !(1...Self.maxExpiry).contains(seconds) {
            throw ServiceError.invalid("expireAfter", "must be 1 to \(Self.maxExpiry) seconds")
        }
        if let key = request.idempotencyKey, key.isEmpty || TextLength.exceeds(key, 255) {
            throw ServiceError.invalid("Idempotency-Key", "must be 1 to 255 characters")
        }
        guard let printer = try await computers.printerTakingJobs(id: request.printerId, accountID: accountID) else {
            throw ServiceError.notFound("No printer \(request.printerId)")
        }

        let now = clock.now()
        let job = JobRecord(
            id: Identifiers.make("pj_"), accountID: accountID, printerID: printer.id, computerID: printer.computerID,
            printerName: printer.name, title: title, contentType: contentType, contentSize: document.count, qty: qty,
            options: options, state: .pending, stateMessage: nil, createdAt: now, updatedAt: now,
            expiresAt: now.addingTimeInterval(request.expireAfter.map(Double.init) ?? defaultExpiry.seconds))
        // Slices share the document's storage: no second copy of a large document.
        let parts = stride(from: 0, to: document.count, by: Self.partSize).map {
            document[(document.startIndex + $0)..<(document.startIndex + min($0 + Self.partSize, document.count))]
        }
        let (stored, created) = try await jobs.create(
            job, parts: parts, idempotencyKey: request.idempotencyKey, event: .jobCreated(job))
        if created { Metrics.jobsCreated.increment() }
        return (stored, created, document)
    }

    /// A client's report about one of its computer's jobs.
    public func report(_ report: ClientMessage.JobStateReport, computerID: String) async throws -> JobTransition {
        if let message = report.message { try TextLength.check(message, field: "message", max: 2000) }
        return counted(
            try await jobs.transition(
                jobID: report.jobId, computerID: computerID, to: report.state, message: report.message, at: clock.now()
            ) { job in .jobState(job, at: job.updatedAt) })
    }

    /// Records that the job's `print_job` frame was written to its client.
    func markSent(jobID: String) async throws -> JobTransition {
        counted(
            try await jobs.transition(jobID: jobID, computerID: nil, to: .sent, message: nil, at: clock.now()) { job in
                .jobState(job, at: job.updatedAt)
            })
    }

    private func counted(_ transition: JobTransition) -> JobTransition {
        if case .moved(let job) = transition { Metrics.jobMoved(job) }
        return transition
    }

    public func job(id: String, accountID: String) async throws -> (job: JobRecord, history: [JobStateChange]) {
        guard let job = try await jobs.job(id: id, accountID: accountID) else {
            throw ServiceError.notFound("No print job \(id)")
        }
        return (job, try await jobs.history(jobID: id))
    }

    public func list(accountID: String, filter: JobFilter) async throws -> [JobRecord] {
        try await jobs.list(accountID: accountID, filter: filter)
    }

    /// How many of the account's jobs of the last `hours` are in each state.
    public func counts(accountID: String, lastHours hours: Int) async throws -> [JobState: Int] {
        try await jobs.counts(accountID: accountID, since: clock.now().addingTimeInterval(-Double(hours) * 3600))
    }

    func queuedPrinters(computerID: String) async throws -> [String] {
        try await jobs.queuedPrinters(computerID: computerID)
    }

    func unfinished(printerID: String, limit: Int) async throws -> [JobRecord] {
        try await jobs.unfinished(printerID: printerID, limit: limit)
    }

    /// Ends the jobs that waited past their expiry without being sent: `error` "expired", with `job.state`.
    /// How many.
    @discardableResult
    func expireDue() async throws -> Int {
        var total = 0
        while true {
            let expired = try await jobs.expire(dueBy: clock.now(), limit: 500) { job in
                .jobState(job, at: job.updatedAt)
            }
            for job in expired { Metrics.jobMoved(job) }
            total += expired.count
            if expired.count < 500 { return total }
        }
    }

    /// Deletes the account's jobs among `ids`; the jobs deleted, as they were. None of them: not found.
    public func delete(ids: [String], accountID: String) async throws -> [JobRecord] {
        try requireSomeDeleted(try await jobs.delete(ids: ids, accountID: accountID), of: ids, kind: "print job")
    }

    /// The stored document of a job the account owns, as parts to stream.
    public func documentParts(jobID: String, accountID: String) async throws -> (job: JobRecord, count: Int) {
        guard let job = try await jobs.job(id: jobID, accountID: accountID) else {
            throw ServiceError.notFound("No print job \(jobID)")
        }
        let count = try await jobs.contentPartCount(jobID: jobID)
        guard count > 0 || job.contentSize == 0 else {
            throw ServiceError.notFound("The document of print job \(jobID) was purged")
        }
        return (job, count)
    }

    public func documentPart(jobID: String, index: Int) async throws -> Data {
        guard let part = try await jobs.contentPart(jobID: jobID, index: index) else {
            throw ServiceError.notFound("The document of print job \(jobID) is gone")
        }
        return part
    }

    /// The whole stored document (small documents only: they go inline in `print_job`).
    func document(of job: JobRecord) async throws -> Data {
        try await jobs.content(jobID: job.id).reduce(into: Data()) { $0.append($1) }
    }

    /// Removes documents of jobs finished more than `retention` ago.
    public func purgeDocuments(olderThan retention: Duration) async throws -> Int {
        let cutoff = clock.now().addingTimeInterval(-retention.seconds)
        return try await jobs.purgeContent(finishedBefore: cutoff)
    }

    /// The bytes to store: the decoded document, or the URI's text.
    private func document(from content: String, as contentType: ContentType) throws -> Data {
        guard !content.isEmpty else { throw ServiceError.invalid("content", "must not be empty") }
        if contentType.isURI {
            guard !TextLength.exceeds(content, 4096), let url = URL(string: content),
                let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", url.host?.isEmpty == false
            else { throw ServiceError.invalid("content", "must be an http or https URI") }
            return Data(content.utf8)
        }
        // Base64 grows by a third: refuse an oversized document before decoding it.
        guard content.utf8.count / 4 * 3 <= maxDocumentSize + 3 else { throw documentTooLarge() }
        guard let data = StrictBase64.decode(content), !data.isEmpty else {
            throw ServiceError.invalid("content", "is not valid base64")
        }
        return try checkedSize(data)
    }

    /// A document's bytes, decoded or as given, within the limits.
    private func checkedSize(_ document: Data) throws -> Data {
        guard !document.isEmpty else { throw ServiceError.invalid("content", "must not be empty") }
        guard document.count <= maxDocumentSize else { throw documentTooLarge() }
        return document
    }

    private func documentTooLarge() -> ServiceError {
        ServiceError(
            .tooLarge, "content: the document is larger than the limit of \(maxDocumentSize) bytes", field: "content")
    }
}
