import Foundation
import Hummingbird
import PrintCloudProtocol

/// The jobs history, a job's page, its document, cancelling or deleting it, printing it again.
extension DashboardRoutes {
    /// Jobs per page of the history.
    static let jobsPerPage = 50

    func registerJobs(on router: Router<AppRequestContext>) {
        router.get("jobs", use: jobList)
        router.get("jobs/:id", use: jobPage)
        router.get("jobs/:id/document", use: jobDocument)
        router.post("jobs/:id/delete", use: deleteJob)
        router.post("jobs/:id/print-again", use: printAgain)
    }

    @Sendable func jobList(request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let filters = JobPages.Filters(
            printer: query.get("printer") ?? "", state: query.get("state") ?? "", from: query.get("from") ?? "",
            to: query.get("to") ?? "")
        var problem: String?
        var filter = JobFilter()
        filter.limit = Self.jobsPerPage + 1
        filter.after = query.get("after")
        filter.printerID = filters.printer.isEmpty ? nil : filters.printer
        if !filters.state.isEmpty {
            filter.state = JobState(rawValue: filters.state)
            if filter.state == nil { problem = "State: choose one of the list." }
        }
        for (text, name) in [(filters.from, "From"), (filters.to, "To")] where !text.isEmpty {
            guard let day = Self.day(text) else {
                problem = "\(name): a date such as 2026-12-31."
                continue
            }
            if name == "From" { filter.createdFrom = day } else { filter.createdBefore = day.addingTimeInterval(86400) }
        }
        return try await withPage(request, status: problem == nil ? .ok : .badRequest) { signedIn, version in
            let accountID = signedIn.user.accountID
            let found = problem == nil ? try await jobs.list(accountID: accountID, filter: filter) : []
            let shown = Array(found.prefix(Self.jobsPerPage))
            return JobPages.list(
                signedIn, version: version, jobs: shown, printers: try await computers.printers(accountID: accountID),
                filters: filters, next: found.count > Self.jobsPerPage ? shown.last?.id : nil, problem: problem)
        }
    }

    /// A day of an `<input type="date">` (`2026-12-31`), from its midnight UTC.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    @Sendable func jobPage(request: Request, context: AppRequestContext) async throws -> Response {
        try await withPage(request) { signedIn, version in
            try await jobPage(signedIn, version: version, id: context.parameters.require("id"))
        }
    }

    private func jobPage(_ signedIn: DashboardSessions.SignedIn, version: String, id: String, problem: String? = nil)
        async throws -> HTML
    {
        let (job, history) = try await jobs.job(id: id, accountID: signedIn.user.accountID)
        let parts = job.contentType.isURI ? 0 : try await jobs.jobs.contentPartCount(jobID: job.id)
        return JobPages.job(
            signedIn, version: version, job: job, history: history, hasDocument: parts > 0, problem: problem)
    }

    @Sendable func jobDocument(request: Request, context: AppRequestContext) async throws -> Response {
        guard let signedIn = try await signedIn(request) else { return Self.redirect(to: "/login") }
        do {
            let (job, count) = try await jobs.documentParts(
                jobID: context.parameters.require("id"), accountID: signedIn.user.accountID)
            guard !job.contentType.isURI else { return Self.notFound(signedIn) }
            let file = Self.downloadName(of: job)
            return PrintJobRoutes.document(
                of: job, parts: count, from: jobs,
                headers: [.contentDisposition: "attachment; filename=\"\(file)\"", .cacheControl: "no-store"])
        } catch let error as ServiceError where error.code == .notFound {
            return Self.notFound(signedIn)
        }
    }

    /// The job's title as a file name: only letters, digits and a few marks reach the header, with the
    /// document's extension unless the title has it.
    static func downloadName(of job: JobRecord) -> String {
        let allowed = "0123456789 ._-".unicodeScalars
        let name = String(
            String.UnicodeScalarView(
                job.title.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || allowed.contains($0)) }))
        let suffix = job.contentType.isRaw ? ".raw" : ".pdf"
        let base = name.trimmingCharacters(in: .whitespaces).isEmpty ? job.id : name
        return base.lowercased().hasSuffix(suffix) ? base : base + suffix
    }

    @Sendable func deleteJob(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, _ in
            let deleted = try await jobs.delete(
                ids: [context.parameters.require("id")], accountID: signedIn.user.accountID)
            guard let job = deleted.first else { return Self.notFound(signedIn) }
            // As the API's delete: a job not finished may already be at its computer, which is told to cancel.
            if !job.state.isFinished { await cluster.jobDeleted(job) }
            return Self.redirect(to: "/jobs")
        }
    }

    @Sendable func printAgain(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, _ in
            let id = try context.parameters.require("id")
            // The job's page again, saying why it was not printed again.
            func refused(_ problem: String) async throws -> Response {
                let version = try await changes.latest(accountID: signedIn.user.accountID)
                return try await jobPage(signedIn, version: version, id: id, problem: problem)
                    .response(status: .conflict)
            }
            let (job, _) = try await jobs.job(id: id, accountID: signedIn.user.accountID)
            let document = try await jobs.document(of: job)
            guard !document.isEmpty else {
                return try await refused(
                    "Its document was deleted after the retention period: upload it again on the printer's page.")
            }
            let options = try JSONDecoder().decode([String: JSONValue].self, from: JSONEncoder().encode(job.options))
            do {
                let again = try await submit(
                    printerID: job.printerID, document: document, contentType: job.contentType, title: job.title,
                    options: options, qty: job.qty, signedIn: signedIn, context: context)
                return Self.redirect(to: "/jobs/\(again.id)")
            } catch let error as ServiceError where error.code == .notFound {
                return try await refused("Its printer is gone: \(error.message).")
            }
        }
    }
}
