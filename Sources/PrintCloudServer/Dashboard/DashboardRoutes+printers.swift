import Foundation
import Hummingbird
import Logging
import PrintCloudProtocol

/// Computers and printers: the list, a printer's page, printing an uploaded document or a test page.
extension DashboardRoutes {
    func registerPrinters(on router: Router<AppRequestContext>) {
        router.get("computers", use: computerList)
        router.get("printers/:id", use: printerPage)
        router.post("printers/:id/print", use: printUpload)
        router.post("printers/:id/test-page", use: printTestPage)
    }

    @Sendable func computerList(request: Request, context: AppRequestContext) async throws -> Response {
        try await withPage(request) { signedIn, version in
            PrinterPages.computers(
                signedIn, version: version,
                computers: try await computers.computers(accountID: signedIn.user.accountID),
                serverURL: address.baseURL)
        }
    }

    @Sendable func printerPage(request: Request, context: AppRequestContext) async throws -> Response {
        try await withPage(request) { signedIn, version in
            try await printerPage(signedIn, version: version, id: context.parameters.require("id"))
        }
    }

    private func printerPage(
        _ signedIn: DashboardSessions.SignedIn, version: String, id: String,
        form: PrinterPages.PrintForm = .init(), problem: String? = nil
    ) async throws -> HTML {
        let accountID = signedIn.user.accountID
        let printer = try await computers.printer(id: id, accountID: accountID)
        var recent = JobFilter()
        recent.printerID = printer.id
        recent.limit = 10
        return PrinterPages.printer(
            signedIn, version: version, printer: printer,
            computer: try await computers.computer(id: printer.computerId, accountID: accountID),
            recent: try await jobs.list(accountID: accountID, filter: recent), form: form, problem: problem)
    }

    /// The print form: the uploaded file with the options picked, then the new job's page.
    @Sendable func printUpload(request: Request, context: AppRequestContext) async throws -> Response {
        // Room for the largest document and the form's fields around it.
        try await withForm(request, context, limit: jobs.maxDocumentSize + DashboardForm.fieldsLimit) {
            signedIn, form in
            let id = try context.parameters.require("id")
            let entered = PrinterPages.PrintForm(
                title: form["title"] ?? "", copies: form["copies"] ?? "1", pages: form["pages"] ?? "")
            do {
                guard let file = form.files["document"], !file.data.isEmpty else {
                    throw ServiceError.invalid("document", "choose a file to print")
                }
                let title = entered.title.isEmpty ? file.name : entered.title
                let job = try await submit(
                    printerID: id, document: file.data, title: title.isEmpty ? "Untitled" : title,
                    options: try Self.options(from: form), signedIn: signedIn, context: context)
                return Self.redirect(to: "/jobs/\(job.id)")
            } catch let error as ServiceError where [.invalidInput, .tooLarge].contains(error.code) {
                let version = try await changes.latest(accountID: signedIn.user.accountID)
                return try await printerPage(signedIn, version: version, id: id, form: entered, problem: error.message)
                    .response(status: error.code == .tooLarge ? .contentTooLarge : .badRequest)
            }
        }
    }

    @Sendable func printTestPage(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, _ in
            let accountID = signedIn.user.accountID
            let printer = try await computers.printer(id: context.parameters.require("id"), accountID: accountID)
            let computer = try await computers.computer(id: printer.computerId, accountID: accountID)
            let page = TestPage.pdf(lines: [
                "PrintCloud test page", "Printer: \(printer.name)", "Computer: \(computer.name) (\(computer.os))",
                "Sent from the dashboard by \(signedIn.user.email)", "at \(sessions.clock.now().apiTimestamp).",
                "If you can read this, the printer works with PrintCloud.",
            ])
            let job = try await submit(
                printerID: printer.id, document: page, title: "Test page", options: [:], signedIn: signedIn,
                context: context)
            return Self.redirect(to: "/jobs/\(job.id)")
        }
    }

    /// Creates the job as the API does (the same rules, durably) and hands it to its computer.
    /// `contentType` nil: a PDF if the document says so in its first bytes, else raw (ZPL, ESC/POS), sent to
    /// the printer as it is.
    func submit(
        printerID: String, document: Data, contentType: ContentType? = nil, title: String,
        options: [String: JSONValue], qty: Int = 1, signedIn: DashboardSessions.SignedIn, context: AppRequestContext
    ) async throws -> JobRecord {
        let type = contentType ?? (document.starts(with: Array("%PDF-".utf8)) ? .pdfBase64 : .rawBase64)
        let (job, _, stored) = try await jobs.create(
            JobService.Request(
                printerId: printerID, contentType: type.rawValue,
                content: type.isURI ? String(decoding: document, as: UTF8.self) : "", title: title, qty: qty,
                options: options, document: type.isURI ? nil : document),
            accountID: signedIn.user.accountID)
        context.logger.info(
            "job created from the dashboard", metadata: ["jobId": "\(job.id)", "userId": "\(signedIn.user.id)"])
        cluster.announce(job, document: stored)
        return job
    }

    /// The print form's choices as the API's options; an empty choice is the printer's default.
    static func options(from form: DashboardForm) throws -> [String: JSONValue] {
        var options: [String: JSONValue] = [:]
        if let copies = form["copies"], !copies.isEmpty {
            guard let value = Int(copies) else { throw ServiceError.invalid("copies", "must be a whole number") }
            if value != 1 { options["copies"] = .number(Double(value)) }
        }
        for (field, option) in [("duplex", "duplex"), ("paper", "paper"), ("tray", "media"), ("pages", "pages")] {
            if let value = form[field]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                options[option] = .string(value)
            }
        }
        if let color = form["color"], !color.isEmpty { options["color"] = .bool(color == "color") }
        if form["fit_to_page"] == "yes" { options["fit_to_page"] = .bool(true) }
        return options
    }
}
