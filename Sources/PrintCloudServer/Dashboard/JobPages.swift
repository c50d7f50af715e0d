import Foundation
import PrintCloudProtocol

/// The jobs history and a job's page.
enum JobPages {
    static func words(for state: JobState) -> String {
        switch state {
        case .pending: "Waiting"
        case .sent: "Sent to the computer"
        case .printing: "Printing"
        case .completed: "Printed"
        case .error: "Failed"
        }
    }

    /// A state as the overview's figures name it.
    static func figureName(_ state: JobState) -> String {
        switch state {
        case .pending: "Jobs waiting"
        case .sent: "Jobs sent"
        case .printing: "Jobs printing"
        case .completed: "Jobs printed"
        case .error: "Jobs failed"
        }
    }

    static func table(_ jobs: [JobRecord], emptyText: String) -> HTML {
        guard !jobs.isEmpty else { return "<p class=\"empty\">\(emptyText)</p>" }
        let rows: [HTML] = jobs.map { job in
            """
            <tr><td><a href="/jobs/\(job.id)">\(job.title)</a></td><td>\(job.printerName)</td>
            <td class="state-\(job.state.rawValue)">\(words(for: job.state))\(job.state == .error ? ": \(job.stateMessage ?? "")" : "")</td>
            <td>\(DashboardPages.time(job.createdAt))</td></tr>
            """
        }
        return """
            <table>
              <thead><tr><th scope="col">Title</th><th scope="col">Printer</th><th scope="col">State</th>
              <th scope="col">Created</th></tr></thead>
              <tbody>\(rows)</tbody>
            </table>
            """
    }

    /// The filters of the history, as the query string carries them.
    struct Filters {
        var printer = ""
        var state = ""
        var from = ""
        var to = ""

        var query: String {
            [("printer", printer), ("state", state), ("from", from), ("to", to)].filter { !$0.1.isEmpty }
                .map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        }
    }

    static func list(
        _ signedIn: DashboardSessions.SignedIn, version: String, jobs: [JobRecord], printers: [PrinterView],
        filters: Filters, next: String?, problem: String? = nil
    ) -> HTML {
        func option(_ value: String, _ text: String, selected: String) -> HTML {
            "<option value=\"\(value)\"\(value == selected ? " selected" : "")>\(text)</option>"
        }
        let more: HTML =
            next.map { after in
                let query = filters.query
                return
                    "<p><a href=\"/jobs?\(query)\(query.isEmpty ? "" : "&")after=\(after)\" rel=\"next\">Older jobs</a></p>"
            } ?? ""
        let filtered = !filters.query.isEmpty
        return DashboardPages.layout(
            title: "Jobs", signedIn: signedIn, section: "/jobs", version: version,
            """
            <h1>Jobs</h1>
            <form method="get" action="/jobs" class="filters" aria-label="Filter jobs">
              <label>Printer <select name="printer">\(option("", "All printers", selected: filters.printer))\(printers.map { option($0.id, $0.name, selected: filters.printer) })</select></label>
              <label>State <select name="state">\(option("", "Any state", selected: filters.state))\(JobState.allCases.map { option($0.rawValue, words(for: $0), selected: filters.state) })</select></label>
              <label>From <input type="date" name="from" value="\(filters.from)"></label>
              <label>To <input type="date" name="to" value="\(filters.to)"></label>
              <button type="submit">Show</button>
              \(filtered ? "<a href=\"/jobs\">Clear filters</a>" : "")
            </form>
            \(DashboardPages.problem(problem))
            <div id="job-list" data-live>\(table(jobs, emptyText: filtered ? "No job matches these filters." : "No job yet: print from a printer's page (Computers and printers), or call POST /api/printjobs with an API key."))</div>
            \(more)
            """)
    }

    static func job(
        _ signedIn: DashboardSessions.SignedIn, version: String, job: JobRecord, history: [JobStateChange],
        hasDocument: Bool, problem: String? = nil
    ) -> HTML {
        let path = "/jobs/\(job.id)"
        let timeline: [HTML] = history.map { step in
            "<li><span class=\"state-\(step.state.rawValue)\">\(words(for: step.state))</span> \(DashboardPages.time(step.at))\(step.message.map { ": \($0)" } ?? "")</li>"
        }
        let document: HTML =
            hasDocument
            ? "<a href=\"\(path)/document\" download>Download the document</a>"
            : "<span class=\"hint\">\(job.contentType.isURI ? "The document is at a URI, not stored here." : "The document was deleted after the retention period.")</span>"
        let remove: HTML =
            job.state.isFinished
            ? DashboardPages.postButton(
                "Delete", action: "\(path)/delete", signedIn, confirm: "Delete this job from the history?", danger: true
            )
            : DashboardPages.postButton(
                "Cancel and delete", action: "\(path)/delete", signedIn,
                confirm: "Cancel this job? The computer is told to stop it.", danger: true)
        return DashboardPages.layout(
            title: job.title, signedIn: signedIn, section: "/jobs", version: version,
            """
            <p><a href="/jobs">Jobs</a></p>
            <h1>\(job.title)</h1>
            \(DashboardPages.problem(problem))
            <div id="job-now" data-live>
              <p>State: <strong id="job-state" class="state-\(job.state.rawValue)" data-state="\(job.state.rawValue)">\(words(for: job.state))</strong>\(job.stateMessage.map { " (\($0))" } ?? "")</p>
              <h2>Timeline</h2>
              <ol class="timeline" id="timeline">\(timeline)</ol>
            </div>
            <h2>Details</h2>
            <dl class="facts">
              <dt>Printer</dt><dd><a href="/printers/\(job.printerID)">\(job.printerName)</a></dd>
              <dt>Created</dt><dd>\(DashboardPages.time(job.createdAt))</dd>
              <dt>Document</dt><dd>\(job.contentType.isRaw ? "Raw" : "PDF"), \(ByteCountFormatter.string(fromByteCount: Int64(job.contentSize), countStyle: .file))</dd>
              <dt>Quantity</dt><dd id="job-qty">\(job.qty)</dd>
              \(options(job.options))
              \(job.expiresAt.map { job.state == .pending ? "<dt>Expires</dt><dd>\(DashboardPages.time($0))</dd>" : "" } ?? "")
              <dt>Id</dt><dd><code>\(job.id)</code></dd>
            </dl>
            <div class="actions">
              \(document)
              \(DashboardPages.postButton("Print again", action: "\(path)/print-again", signedIn))
              \(remove)
            </div>
            """)
    }

    /// The options a job was sent with, in words; the printer's defaults for the rest.
    private static func options(_ options: PrintOptions) -> HTML {
        var shown: [(String, String)] = []
        if let copies = options.copies { shown.append(("Copies", String(copies))) }
        if let duplex = options.duplex {
            let sides =
                switch duplex {
                case .oneSided: "One-sided"
                case .longEdge: "Two-sided, long edge"
                case .shortEdge: "Two-sided, short edge"
                }
            shown.append(("Sides", sides))
        }
        if let color = options.color { shown.append(("Color", color ? "Color" : "Black and white")) }
        if let paper = options.paper { shown.append(("Paper", paper)) }
        if let tray = options.media { shown.append(("Tray", tray)) }
        if let pages = options.pages { shown.append(("Pages", pages)) }
        if options.fitToPage == true { shown.append(("Fit to page", "Yes")) }
        guard !shown.isEmpty else { return "<dt>Options</dt><dd>The printer's defaults</dd>" }
        return "\(shown.map { name, value -> HTML in "<dt>\(name)</dt><dd class=\"option\">\(value)</dd>" })"
    }
}
