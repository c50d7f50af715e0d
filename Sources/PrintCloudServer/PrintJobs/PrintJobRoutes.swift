import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PrintCloudProtocol

/// `/api/printjobs`: create (the main endpoint), history, one job, its document, delete.
struct PrintJobRoutes {
    let jobs: JobService
    let cluster: Cluster
    /// A body may hold a whole document in base64, a third larger than the document.
    let bodyLimit: Int

    struct CreateRequest: Decodable {
        var printerId: String
        var contentType: String
        var content: String
        var title: String?
        var qty: JSONInteger?
        var options: [String: JSONValue]?
        var expireAfter: JSONInteger?
    }

    struct PrinterName: Encodable {
        var name: String
    }

    /// A job in the history listing (API.md's shape).
    struct ListedJob: ResponseEncodable {
        var id: String
        var title: String
        var state: JobState
        var contentType: ContentType
        var printer: PrinterName
        var createdAt: Date

        init(_ job: JobRecord) {
            id = job.id
            title = job.title
            state = job.state
            contentType = job.contentType
            printer = PrinterName(name: job.printerName)
            createdAt = job.createdAt
        }
    }

    /// One job with its state history (an extension).
    struct JobDetail: ResponseEncodable {
        var id: String
        var title: String
        var state: JobState
        var contentType: ContentType
        var printer: PrinterName
        var createdAt: Date
        var printerId: String
        var qty: Int
        var options: PrintOptions
        var expiresAt: Date?
        var states: [JobStateChange]
    }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.on(method: .post, requires: .printOnly, use: create)
        group.on(method: .get, requires: .readOnly, use: list)
        group.on(":id", method: .get, requires: .readOnly, use: show)
        group.on(":id/content", method: .get, requires: .readOnly, use: content)
        group.on(":id", method: .delete, requires: .full, use: delete)
    }

    /// `201` with the job id as a bare JSON string, once the job is on disk.
    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let body = try await request.decodeJSON(CreateRequest.self, context: context, limit: bodyLimit)
        let (job, created, document) = try await jobs.create(
            JobService.Request(
                printerId: body.printerId, contentType: body.contentType, content: body.content, title: body.title,
                qty: body.qty?.value, options: body.options, idempotencyKey: request.headers[.idempotencyKey],
                expireAfter: body.expireAfter?.value),
            accountID: principal.accountID)
        if created {
            context.logger.info("job created", metadata: ["jobId": "\(job.id)", "printerId": "\(job.printerID)"])
            // The push goes on after the answer, so a slow socket never slows the API.
            cluster.announce(job, document: document)
        }
        let json = try JSONEncoder().encode(job.id)
        return Response(
            status: .created, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> [ListedJob] {
        let filter = try Self.filter(from: request.uri.queryParameters)
        return try await jobs.list(accountID: context.principal().accountID, filter: filter).map(ListedJob.init)
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> JobDetail {
        let (job, history) = try await jobs.job(
            id: context.parameters.require("id"), accountID: context.principal().accountID)
        return JobDetail(
            id: job.id, title: job.title, state: job.state, contentType: job.contentType,
            printer: PrinterName(name: job.printerName), createdAt: job.createdAt, printerId: job.printerID,
            qty: job.qty, options: job.options, expiresAt: job.expiresAt, states: history)
    }

    /// The stored document, streamed part by part so memory stays bounded however many clients download.
    @Sendable func content(request: Request, context: AppRequestContext) async throws -> Response {
        let (job, count) = try await jobs.documentParts(
            jobID: context.parameters.require("id"), accountID: context.principal().accountID)
        guard !job.contentType.isURI else {
            throw APIError(.notFound, "Print job \(job.id) has no stored document: its content is a URI")
        }
        return Self.document(of: job, parts: count, from: jobs)
    }

    /// The job's stored document as a response, streamed part by part (also the dashboard's download).
    static func document(
        of job: JobRecord, parts count: Int, from jobs: JobService, headers extra: HTTPFields = [:]
    ) -> Response {
        var headers: HTTPFields = [.contentType: job.contentType.isRaw ? "application/octet-stream" : "application/pdf"]
        headers.append(contentsOf: extra)
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody(contentLength: job.contentSize) { writer in
                for index in 0..<count {
                    try await writer.write(ByteBuffer(bytes: try await jobs.documentPart(jobID: job.id, index: index)))
                }
                try await writer.finish(nil)
            })
    }

    /// `DELETE /api/printjobs/:ids`: the ids deleted; a client holding a deleted job is told to cancel it.
    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> [String] {
        let ids = try context.commaSeparatedIDs(maximum: 1000, naming: "job")
        let deleted = try await jobs.delete(ids: ids, accountID: context.principal().accountID)
        // `pending` too: the dispatcher records `sent` only after writing the frame, so a job still `pending`
        // here may already be at its client.
        for job in deleted where !job.state.isFinished {
            await cluster.jobDeleted(job)
        }
        return deleted.map(\.id)
    }

    static func filter(from query: Parameters) throws -> JobFilter {
        var filter = JobFilter()
        if let limit = query.get("limit") {
            guard let value = Int(limit), (1...1000).contains(value) else {
                throw APIError(.badRequest, "limit: must be an integer from 1 to 1000")
            }
            filter.limit = value
        }
        if let dir = query.get("dir") {
            guard dir == "asc" || dir == "desc" else { throw APIError(.badRequest, "dir: must be asc or desc") }
            filter.ascending = dir == "asc"
        }
        if let state = query.get("state") {
            guard let value = JobState(rawValue: state) else {
                throw APIError(
                    .badRequest, "state: must be one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.state = value
        }
        filter.printerID = try Self.text(query, "printerId")
        filter.after = try Self.text(query, "after")
        return filter
    }

    /// A parameter that is compared with stored text, which never holds U+0000 (PostgreSQL cannot store it).
    private static func text(_ query: Parameters, _ name: String) throws -> String? {
        guard let value = query.get(name) else { return nil }
        guard !TextLength.hasNUL(value) else {
            throw APIError(.badRequest, "\(name): must not contain NUL characters (%00)")
        }
        return value
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}
