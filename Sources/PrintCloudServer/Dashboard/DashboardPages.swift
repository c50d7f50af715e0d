import Foundation
import PrintCloudProtocol

/// The dashboard's frame and its shared parts, rendered on the server: every value escaped by `HTML`, no
/// script needed to read a page. Each section's pages are in their own file.
enum DashboardPages {
    /// `version`: the account's change counter the page was rendered at, for its live parts.
    static func layout(
        title: String, signedIn: DashboardSessions.SignedIn?, section: String? = nil, version: String? = nil,
        _ content: HTML
    ) -> HTML {
        let account: HTML =
            if let signedIn {
                """
                <form method="post" action="/logout" class="signout">
                  <a href="/account">\(signedIn.user.email)</a>
                  \(csrfField(signedIn))
                  <button type="submit">Sign out</button>
                </form>
                """
            } else { "" }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · PrintCloud</title>
            <link rel="stylesheet" href="/dashboard/style.css">
            <script src="/dashboard/app.js" defer></script>
            </head>
            <body data-version="\(version ?? "")">
            <header><a href="/" class="brand">PrintCloud</a>\(signedIn == nil ? "" : navigation(current: section))\(account)</header>
            <main>
            \(content)
            </main>
            </body>
            </html>
            """
    }

    static let sections = [
        ("/", "Overview"), ("/computers", "Computers and printers"), ("/jobs", "Jobs"), ("/keys", "API keys"),
        ("/webhooks", "Webhooks"), ("/account", "Account"),
    ]

    static func navigation(current: String?) -> HTML {
        let links: [HTML] = sections.map { path, name in
            path == current
                ? "<a href=\"\(path)\" aria-current=\"page\">\(name)</a>" : "<a href=\"\(path)\">\(name)</a>"
        }
        return "<nav aria-label=\"Sections\">\(links)</nav>"
    }

    static func csrfField(_ signedIn: DashboardSessions.SignedIn) -> HTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(signedIn.session.csrfToken)\">"
    }

    /// A button that posts to `action` (every change is a POST with the session's token).
    static func postButton(
        _ label: String, action: String, _ signedIn: DashboardSessions.SignedIn, confirm: String? = nil,
        danger: Bool = false
    ) -> HTML {
        let question: HTML = confirm.map { " data-confirm=\"\($0)\"" } ?? ""
        return """
            <form method="post" action="\(action)"\(question)>\(csrfField(signedIn))<button type="submit"\(danger ? " class=\"danger\"" : "")>\(label)</button></form>
            """
    }

    static func problem(_ message: String?) -> HTML {
        message.map { "<p class=\"problem\" role=\"alert\">\($0)</p>" } ?? ""
    }

    static func notice(_ message: String?) -> HTML {
        message.map { "<p class=\"notice\" role=\"status\">\($0)</p>" } ?? ""
    }

    /// A time as people read it, with the exact instant for machines.
    static func time(_ date: Date) -> HTML {
        "<time datetime=\"\(date.apiTimestamp)\">\(readable.string(from: date))</time>"
    }

    private static let readable: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter
    }()

    static func signIn(csrf: String, email: String = "", problem message: String? = nil) -> HTML {
        layout(
            title: "Sign in", signedIn: nil,
            """
            <h1>Sign in</h1>
            \(problem(message))
            <form method="post" action="/login" class="stack">
              <input type="hidden" name="csrf" value="\(csrf)">
              <label for="email">Email</label>
              <input id="email" name="email" type="email" autocomplete="username" required value="\(email)">
              <label for="password">Password</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required>
              <button type="submit">Sign in</button>
            </form>
            <p class="hint">The email and password of your PrintCloud account: on a new server, those it printed
            when it first started.</p>
            """)
    }

    static func overview(
        _ signedIn: DashboardSessions.SignedIn, version: String, computers: [ComputerView], counts: [JobState: Int],
        failures: [JobRecord], serverURL: String
    ) -> HTML {
        let online = computers.filter { $0.state == .online }.count
        let printers = computers.flatMap(\.printers)
        let failureList: HTML =
            failures.isEmpty
            ? "<p class=\"empty\">No failed job.</p>"
            : """
            <ul class="failures">\(failures.map { job -> HTML in
                "<li><a href=\"/jobs/\(job.id)\">\(job.title)</a> on \(job.printerName), \(time(job.updatedAt)): \(job.stateMessage ?? "failed")</li>"
            })</ul>
            """
        return layout(
            title: "Overview", signedIn: signedIn, section: "/", version: version,
            """
            <h1>Overview</h1>
            <section aria-labelledby="summary">
              <h2 id="summary">At a glance</h2>
              <dl class="figures" id="figures" data-live>
                <div><dt>Computers online</dt><dd id="computers-online">\(online) of \(computers.count)</dd></div>
                <div><dt>Printers</dt><dd id="printers">\(printers.count)</dd></div>
                \(JobState.allCases.map { state -> HTML in
                    "<div><dt>\(JobPages.figureName(state)), last 24 h</dt><dd id=\"jobs-\(state.rawValue)\">\(counts[state] ?? 0)</dd></div>"
                })
              </dl>
            </section>
            <section aria-labelledby="computers">
              <h2 id="computers">Computers and printers</h2>
              <div id="computer-list" data-live>\(PrinterPages.computerTable(computers, serverURL: serverURL))</div>
            </section>
            <section aria-labelledby="failures">
              <h2 id="failures">Recent failures</h2>
              <div id="failure-list" data-live>\(failureList)</div>
            </section>
            """)
    }
}
