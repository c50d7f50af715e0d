import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Printing from the dashboard over real HTTP and a real socket: a printer's page shows its capabilities in
/// words, an uploaded document reaches the computer with the options picked, the job's page shows them with
/// its timeline and document, and a job can be printed again or cancelled.
@Suite struct DashboardPrintTests {
    static let capabilities: [String: JSONValue] = [
        "color": .bool(true), "duplex": .bool(true),
        "papers": .array([
            .object(["name": .string("A4"), "pwg": .string("iso_a4_210x297mm")]),
            .object(["name": .string("Letter"), "pwg": .string("na_letter_8.5x11in")]),
        ]),
        "trays": .array([.object(["name": .string("Tray 1"), "keyword": .string("tray-1")])]),
        "stateReasons": .array([.string("toner-low-warning")]),
    ]

    /// A computer online with one printer that reported `capabilities`, and a browser signed in.
    static func setUp(_ app: TestApp) async throws -> (TestAccount, TestSocket, String, DashboardBrowser) {
        let account = try await app.makeAccount()
        let (socket, computerID) = try await TestSocket.signIn(to: app, key: account.fullKey, name: "Front desk")
        try await socket.send(.printers([PrinterReport(name: "Office", capabilities: capabilities)]))
        guard case .printersOK = try await socket.receive() else { throw ProcessError(message: "no printers_ok") }
        let printers = try await app.request(.get, "/api/computers/\(computerID)/printers", key: account.fullKey)
            .array()
        let printerID = try #require(printers.first?["id"] as? String)
        var browser = DashboardBrowser(app: app)
        _ = try await browser.signIn(account)
        return (account, socket, printerID, browser)
    }

    static func nextJob(_ socket: TestSocket) async throws -> PrintJobPayload {
        guard case .printJob(let job) = try await socket.receive() else {
            throw ProcessError(message: "expected print_job")
        }
        return job
    }

    @Test(arguments: TestEngine.allCases)
    func anUploadReachesTheComputerWithTheOptionsPicked(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            var (account, socket, printerID, browser) = try await Self.setUp(app)
            let page = try await browser.send(.get, "/printers/\(printerID)")
            #expect(page.status == .ok)
            for words in [
                "Front desk", "A4, Letter", "Tray 1", "Toner or ink low", "Two-sided", "<option value=\"A4\">",
            ] {
                #expect(page.text.contains(words), "\(words)")
            }
            let pdf = TestPage.pdf(lines: ["Invoice 42"])
            let created = try await browser.upload(
                "/printers/\(printerID)/print", file: ("document", "invoice-42.pdf", pdf),
                fields: [
                    "csrf": try DashboardBrowser.csrf(in: page), "title": "", "copies": "2", "duplex": "long-edge",
                    "color": "monochrome", "paper": "A4", "tray": "Tray 1", "pages": "1", "fit_to_page": "yes",
                ])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("/jobs/pj_"))

            let pushed = try await Self.nextJob(socket)
            #expect(pushed.title == "invoice-42.pdf", "the file's name when no title is given")
            #expect(pushed.contentType == .pdfBase64)
            #expect(Data(base64Encoded: pushed.content) == pdf)
            #expect(
                pushed.options
                    == PrintOptions(
                        copies: 2, color: false, duplex: .longEdge, paper: "A4", media: "Tray 1", pages: "1",
                        fitToPage: true))

            // `sent` is recorded just after the frame is written: wait for it rather than race it.
            try await eventually("the job recorded as sent") {
                try await app.jobDetail(pushed.id, key: account.fullKey)["state"] as? String == "sent"
            }
            let job = try await browser.send(.get, location)
            for words in ["invoice-42.pdf", "Two-sided, long edge", "Black and white", "Tray 1", "Fit to page"] {
                #expect(job.text.contains(words), "\(words)")
            }
            #expect(job.text.contains("data-state=\"sent\""))
            let document = try await browser.send(.get, location + "/document")
            #expect(document.status == .ok)
            #expect(Data(document.body.readableBytesView) == pdf)
            #expect(document.headers[.contentDisposition] == "attachment; filename=\"invoice-42.pdf\"")

            let again = try await browser.send(
                .post, location + "/print-again", form: ["csrf": try DashboardBrowser.csrf(in: job)])
            #expect(again.status == .seeOther)
            let repeated = try await Self.nextJob(socket)
            #expect(repeated.id != pushed.id)
            #expect(repeated.options == pushed.options)
            #expect(repeated.content == pushed.content)
            #expect(try await app.jobs(account).count == 2)
        }
    }

    @Test func namesFromTheComputerAreShownAsTextNeverAsMarkup() async throws {
        try await withTestApp(.sqlite) { app in
            let account = try await app.makeAccount()
            let (socket, computerID) = try await TestSocket.signIn(
                to: app, key: account.fullKey, name: "<img src=x onerror=alert(1)>")
            try await socket.send(
                .printers([
                    PrinterReport(
                        name: "\"><script>alert(2)</script>",
                        capabilities: ["papers": .array([.object(["name": .string("<b>A4</b>")])])])
                ]))
            guard case .printersOK = try await socket.receive() else { throw ProcessError(message: "no printers_ok") }
            let printers = try await app.request(.get, "/api/computers/\(computerID)/printers", key: account.fullKey)
                .array()
            let printerID = try #require(printers.first?["id"] as? String)
            let jobID = try await app.createRawJob(printerID: printerID, key: account.fullKey)
            var browser = DashboardBrowser(app: app)
            _ = try await browser.signIn(account)
            for path in ["/", "/computers", "/printers/\(printerID)", "/jobs", "/jobs/\(jobID)"] {
                let page = try await browser.send(.get, path).text
                #expect(
                    !page.contains("<script>alert") && !page.contains("<img src=x") && !page.contains("<b>A4"),
                    "\(path)")
            }
            let printer = try await browser.send(.get, "/printers/\(printerID)").text
            #expect(printer.contains("&lt;b&gt;A4&lt;/b&gt;"))
            let job = try await browser.send(.get, "/jobs/\(jobID)").text
            #expect(job.contains("<button type=\"submit\" class=\"danger\">Cancel and delete</button>"))
        }
    }

    @Test func aDocumentOverTheLimitIsRefusedOnThePrintersPage() async throws {
        try await withTestApp(.sqlite, configure: { $0.maxDocumentSize = 2000 }) { app in
            var (account, _, printerID, browser) = try await Self.setUp(app)
            let page = try await browser.send(.get, "/printers/\(printerID)")
            let csrf = try DashboardBrowser.csrf(in: page)
            let over = try await browser.upload(
                "/printers/\(printerID)/print", file: ("document", "big.raw", Data(repeating: 65, count: 3000)),
                fields: ["csrf": csrf])
            #expect(over.status == .contentTooLarge)
            #expect(over.text.contains("larger than the limit"))
            let far = try await browser.upload(
                "/printers/\(printerID)/print", file: ("document", "huge.raw", Data(repeating: 65, count: 200_000)),
                fields: ["csrf": csrf])
            #expect(far.status == .contentTooLarge)
            #expect(far.text.contains("choose a smaller file"))
            #expect(try await app.jobs(account).isEmpty)
            let semicolon = try await browser.upload(
                "/printers/\(printerID)/print", file: ("document", "a;b.raw", Data("^XA^XZ".utf8)),
                fields: ["csrf": csrf])
            #expect(semicolon.status == .seeOther)
            #expect(try await app.jobs(account).first?.title == "a;b.raw", "a quoted file name may hold ;")
        }
    }

    @Test func aTestPageIsAPDFTheServerMakesNamingThePrinter() async throws {
        try await withTestApp(.sqlite) { app in
            var (_, socket, printerID, browser) = try await Self.setUp(app)
            let page = try await browser.send(.get, "/printers/\(printerID)")
            let created = try await browser.send(
                .post, "/printers/\(printerID)/test-page", form: ["csrf": try DashboardBrowser.csrf(in: page)])
            #expect(created.status == .seeOther)
            let pushed = try await Self.nextJob(socket)
            #expect(pushed.title == "Test page")
            let pdf = String(decoding: try #require(Data(base64Encoded: pushed.content)), as: UTF8.self)
            #expect(pdf.hasPrefix("%PDF-"))
            #expect(pdf.contains("Printer: Office"))
        }
    }

    @Test func badChoicesShowTheFormAgainNamingTheFieldAndWriteNothing() async throws {
        try await withTestApp(.sqlite) { app in
            var (account, _, printerID, browser) = try await Self.setUp(app)
            let page = try await browser.send(.get, "/printers/\(printerID)")
            let csrf = try DashboardBrowser.csrf(in: page)
            let pdf = TestPage.pdf(lines: ["x"])
            let noCopies = try await browser.upload(
                "/printers/\(printerID)/print", file: ("document", "a.pdf", pdf),
                fields: ["csrf": csrf, "copies": "0", "title": "Kept title"])
            #expect(noCopies.status == .badRequest)
            #expect(noCopies.text.contains("copies"))
            #expect(noCopies.text.contains("value=\"Kept title\""), "what was typed is kept")
            let empty = try await browser.upload(
                "/printers/\(printerID)/print", file: ("document", "empty.pdf", Data()), fields: ["csrf": csrf])
            #expect(empty.status == .badRequest)
            #expect(empty.text.contains("choose a file to print"))
            let forged = try await browser.upload(
                "/printers/\(printerID)/print", file: ("document", "a.pdf", pdf), fields: ["copies": "1"])
            #expect(forged.status == .forbidden)
            #expect(try await app.jobs(account).isEmpty)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func cancellingAJobNotFinishedTellsItsComputer(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            var (account, socket, printerID, browser) = try await Self.setUp(app)
            let jobID = try await app.createRawJob(printerID: printerID, key: account.fullKey)
            _ = try await Self.nextJob(socket)
            let page = try await browser.send(.get, "/jobs/\(jobID)")
            #expect(page.text.contains("Cancel and delete"))
            let deleted = try await browser.send(
                .post, "/jobs/\(jobID)/delete", form: ["csrf": try DashboardBrowser.csrf(in: page)])
            #expect(deleted.status == .seeOther)
            guard case .cancelJob(let cancelled) = try await socket.receive() else {
                throw ProcessError(message: "expected cancel_job")
            }
            #expect(cancelled == jobID)
            #expect(try await browser.send(.get, "/jobs/\(jobID)").status == .notFound)
        }
    }

    @Test func theHistoryFiltersByStateAndDayAndPages() async throws {
        try await withTestApp(.sqlite) { app in
            var (account, socket, printerID, browser) = try await Self.setUp(app)
            var ids: [String] = []
            for _ in 0..<(DashboardRoutes.jobsPerPage + 1) {
                ids.append(try await app.createRawJob(printerID: printerID, key: account.fullKey))
            }
            let first = try await Self.nextJob(socket)
            try await socket.send(.jobState(.init(jobId: first.id, state: .error, message: "Out of <paper>")))
            try await eventually("the first job failed") {
                try await app.jobDetail(first.id, key: account.fullKey)["state"] as? String == "error"
            }
            let newest = try await browser.send(.get, "/jobs")
            #expect(newest.text.contains(ids.last!), "newest first")
            #expect(!newest.text.contains("/jobs/\(ids[0])\""), "the oldest is on the next page")
            #expect(newest.text.contains("after=\(ids[1])"), "the next page starts after the 50th")
            let second = try await browser.send(.get, "/jobs?after=\(ids[1])")
            #expect(second.text.contains("/jobs/\(ids[0])\""))

            let failed = try await browser.send(.get, "/jobs?state=error")
            #expect(failed.text.contains("/jobs/\(first.id)\""))
            #expect(failed.text.contains("Out of &lt;paper&gt;"), "the message is escaped")
            #expect(!failed.text.contains("/jobs/\(ids.last!)\""), "only failed jobs")
            #expect(failed.text.contains("<a href=\"/jobs\">Clear filters</a>"))
            #expect(try await browser.send(.get, "/jobs?state=printing").text.contains("No job matches these filters."))
            let today = String(app.clock.wallClock.now().apiTimestamp.prefix(10))
            #expect(try await browser.send(.get, "/jobs?from=\(today)&to=\(today)").text.contains(ids.last!))
            #expect(try await browser.send(.get, "/jobs?to=2000-01-01").text.contains("No job matches"))
            let badDay = try await browser.send(.get, "/jobs?from=2026-02-30")
            #expect(badDay.status == .badRequest)
            #expect(badDay.text.contains("From: a date such as"))
        }
    }
}

extension TestApp {
    func jobs(_ account: TestAccount) async throws -> [JobRecord] {
        try await storage.jobs.list(accountID: account.accountID, filter: JobFilter())
    }
}
