import Foundation
import PrintCloudProtocol

/// The computers and printers pages, and a printer's page with its print form.
enum PrinterPages {
    static func words(for state: PrinterState) -> String {
        switch state {
        case .online: "Ready"
        case .busy: "Printing"
        case .stopped: "Stopped"
        case .error: "Needs attention"
        case .offline: "Offline"
        }
    }

    static func words(for state: ComputerState) -> String {
        state == .online ? "Online" : "Offline"
    }

    /// The line that signs a computer in, for the empty states.
    static func noComputer(serverURL: String) -> HTML {
        """
        <p class="empty">No computer yet: install the desktop client on the computer the printers are connected to,
        then run <code>printcloud-client login --server \(serverURL) --code …</code> with a code from
        <code>printcloud-server enrollment-codes create</code> (or <code>printcloud-client login --email …</code>).
        Its printers then appear here.</p>
        """
    }

    static func computerTable(_ computers: [ComputerView], serverURL: String) -> HTML {
        guard !computers.isEmpty else { return noComputer(serverURL: serverURL) }
        let rows: [HTML] = computers.map { computer in
            let printers: HTML =
                computer.printers.isEmpty
                ? "none reported"
                : "\(computer.printers.map { printer -> HTML in "<a class=\"printer\" href=\"/printers/\(printer.id)\">\(printer.name)</a> (\(words(for: printer.state))) " })"
            return """
                <tr><td>\(computer.name)<br><small>\(computer.os)</small></td>
                <td class="state-\(computer.state.rawValue)">\(words(for: computer.state))</td>
                <td>\(printers)</td><td>\(computer.clientVersion)</td><td>\(DashboardPages.time(computer.lastSeenAt))</td></tr>
                """
        }
        return """
            <table>
              <thead><tr><th scope="col">Computer</th><th scope="col">State</th><th scope="col">Printers</th>
              <th scope="col">Client version</th><th scope="col">Last seen</th></tr></thead>
              <tbody>\(rows)</tbody>
            </table>
            """
    }

    static func computers(
        _ signedIn: DashboardSessions.SignedIn, version: String, computers: [ComputerView], serverURL: String
    ) -> HTML {
        let sections: [HTML] = computers.map { computer in
            let printers: HTML =
                computer.printers.isEmpty
                ? "<p class=\"empty\">This computer reported no printer: add one in its print system (CUPS).</p>"
                : printerTable(computer.printers)
            return """
                <section aria-labelledby="computer-\(computer.id)">
                  <h2 id="computer-\(computer.id)">\(computer.name)</h2>
                  <dl class="facts">
                    <dt>State</dt><dd class="state-\(computer.state.rawValue)">\(words(for: computer.state))</dd>
                    <dt>System</dt><dd>\(computer.os)</dd>
                    <dt>Client version</dt><dd>\(computer.clientVersion)</dd>
                    <dt>Last seen</dt><dd>\(DashboardPages.time(computer.lastSeenAt))</dd>
                  </dl>
                  \(printers)
                </section>
                """
        }
        return DashboardPages.layout(
            title: "Computers and printers", signedIn: signedIn, section: "/computers", version: version,
            """
            <h1>Computers and printers</h1>
            <div id="computers" data-live>\(computers.isEmpty ? noComputer(serverURL: serverURL) : "\(sections)")</div>
            """)
    }

    private static func printerTable(_ printers: [PrinterView]) -> HTML {
        let rows: [HTML] = printers.map { printer in
            let facts = PrinterFacts(printer.capabilities)
            return """
                <tr><td><a href="/printers/\(printer.id)">\(printer.name)</a>\(printer.isDefault ? " (default)" : "")</td>
                <td class="state-\(printer.state.rawValue)">\(stateText(printer, facts))</td>
                <td>\(list(facts.papers))</td><td>\(list(facts.trays))</td>
                <td>\(yesNo(facts.color, yes: "Color", no: "Black and white"))</td>
                <td>\(yesNo(facts.duplex, yes: "Two-sided", no: "One-sided only"))</td></tr>
                """
        }
        return """
            <table>
              <thead><tr><th scope="col">Printer</th><th scope="col">State</th><th scope="col">Papers</th>
              <th scope="col">Trays</th><th scope="col">Color</th><th scope="col">Two-sided</th></tr></thead>
              <tbody>\(rows)</tbody>
            </table>
            """
    }

    static func stateText(_ printer: PrinterView, _ facts: PrinterFacts) -> String {
        ([words(for: printer.state)] + facts.reasons).joined(separator: ": ")
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "not reported" : names.joined(separator: ", ")
    }

    private static func yesNo(_ value: Bool?, yes: String, no: String) -> String {
        value.map { $0 ? yes : no } ?? "not reported"
    }

    /// What the person typed into the print form, kept when it is shown again with a problem.
    struct PrintForm {
        var title = ""
        var copies = "1"
        var pages = ""
    }

    static func printer(
        _ signedIn: DashboardSessions.SignedIn, version: String, printer: PrinterView, computer: ComputerView,
        recent: [JobRecord], form: PrintForm = PrintForm(), problem: String? = nil
    ) -> HTML {
        let facts = PrinterFacts(printer.capabilities)
        let path = "/printers/\(printer.id)"
        return DashboardPages.layout(
            title: printer.name, signedIn: signedIn, section: "/computers", version: version,
            """
            <p><a href="/computers">Computers and printers</a> › \(computer.name)</p>
            <h1>\(printer.name)</h1>
            <dl class="facts" id="printer-facts" data-live>
              <dt>State</dt><dd id="printer-state" class="state-\(printer.state.rawValue)">\(stateText(printer, facts))</dd>
              <dt>Computer</dt><dd>\(computer.name) (\(words(for: computer.state)))</dd>
              <dt>Papers</dt><dd>\(list(facts.papers))</dd>
              <dt>Trays</dt><dd>\(list(facts.trays))</dd>
              <dt>Color</dt><dd>\(yesNo(facts.color, yes: "Color", no: "Black and white"))</dd>
              <dt>Two-sided</dt><dd>\(yesNo(facts.duplex, yes: "Two-sided", no: "One-sided only"))</dd>
              <dt>Resolutions</dt><dd>\(list(facts.resolutions))</dd>
            </dl>
            <section aria-labelledby="print">
              <h2 id="print">Print</h2>
              \(DashboardPages.problem(problem))
              \(printForm(signedIn, path: path, facts: facts, form: form))
              <h3>Test page</h3>
              <p class="hint">A one-page PDF made by the server, naming this printer: the quickest check that it prints.</p>
              \(DashboardPages.postButton("Print a test page", action: "\(path)/test-page", signedIn))
            </section>
            <section aria-labelledby="recent">
              <h2 id="recent">Recent jobs</h2>
              <div id="recent-jobs" data-live>\(JobPages.table(recent, emptyText: "No job on this printer yet."))</div>
              <p><a href="/jobs?printer=\(printer.id)">All jobs of this printer</a></p>
            </section>
            """)
    }

    private static func printForm(
        _ signedIn: DashboardSessions.SignedIn, path: String, facts: PrinterFacts, form: PrintForm
    ) -> HTML {
        func select(_ id: String, _ label: String, _ choices: [(String, String)]) -> HTML {
            """
            <label for="\(id)">\(label)</label>
            <select id="\(id)" name="\(id)"><option value="">Printer's default</option>\(choices.map { value, text -> HTML in "<option value=\"\(value)\">\(text)</option>" })</select>
            """
        }
        let duplex: HTML =
            facts.duplex == false
            ? ""
            : select(
                "duplex", "Sides",
                [
                    ("one-sided", "One-sided"), ("long-edge", "Two-sided, flip on the long edge (like a book)"),
                    ("short-edge", "Two-sided, flip on the short edge (like a notepad)"),
                ])
        let color: HTML =
            facts.color == false
            ? "" : select("color", "Color", [("color", "Color"), ("monochrome", "Black and white")])
        let paper: HTML = facts.papers.isEmpty ? "" : select("paper", "Paper", facts.papers.map { ($0, $0) })
        let tray: HTML = facts.trays.isEmpty ? "" : select("tray", "Tray", facts.trays.map { ($0, $0) })
        return """
            <form method="post" action="\(path)/print" enctype="multipart/form-data" class="stack">
              \(DashboardPages.csrfField(signedIn))
              <label for="document">Document (a PDF, or a raw file in the printer's own language for a label printer)</label>
              <input id="document" name="document" type="file" required>
              <label for="title">Title (shown in the job list; the file's name if empty)</label>
              <input id="title" name="title" maxlength="255" value="\(form.title)">
              <label for="copies">Copies</label>
              <input id="copies" name="copies" type="number" min="1" max="\(facts.maxCopies ?? 999)" value="\(form.copies)" required>
              \(duplex)
              \(color)
              \(paper)
              \(tray)
              <label for="pages">Pages (all if empty; for example 1-3,5)</label>
              <input id="pages" name="pages" value="\(form.pages)" pattern="[0-9,\\- ]*">
              <label><input type="checkbox" name="fit_to_page" value="yes"> Fit to page</label>
              <button type="submit">Print</button>
            </form>
            """
    }
}
