import Foundation
import PrintCloudProtocol

/// The dashboard's pages, rendered on the server: every value escaped by `HTML`, no script needed to read them.
enum DashboardPages {
    static func layout(title: String, signedIn: DashboardSessions.SignedIn?, _ content: HTML) -> HTML {
        let account: HTML =
            if let signedIn {
                """
                <form method="post" action="/logout" class="signout">
                  <span>\(signedIn.user.email)</span>
                  <input type="hidden" name="csrf" value="\(signedIn.session.csrfToken)">
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
            <body>
            <header><a href="/" class="brand">PrintCloud</a>\(signedIn == nil ? "" : navigation)\(account)</header>
            <main>
            \(content)
            </main>
            </body>
            </html>
            """
    }

    static let navigation: HTML = """
        <nav aria-label="Sections"><a href="/">Overview</a> <a href="/keys">API keys</a></nav>
        """

    static func signIn(csrf: String, email: String = "", problem: String? = nil) -> HTML {
        let message: HTML = problem.map { "<p class=\"problem\" role=\"alert\">\($0)</p>" } ?? ""
        return layout(
            title: "Sign in", signedIn: nil,
            """
            <h1>Sign in</h1>
            \(message)
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
        _ signedIn: DashboardSessions.SignedIn, computers: [ComputerView], jobs: [JobRecord], now: Date,
        serverURL: String
    ) -> HTML {
        let online = computers.filter { $0.state == .online }.count
        let printers = computers.flatMap(\.printers)
        let lastDay = jobs.filter { now.timeIntervalSince($0.createdAt) < 24 * 3600 }
        let counts = JobState.allCases.map { state in (state, lastDay.filter { $0.state == state }.count) }
        let failures = jobs.filter { $0.state == .error }.prefix(10)
        let computerList: HTML =
            computers.isEmpty
            ? """
            <p class="empty">No computer yet: install the desktop client on the computer with the printers and run
            <code>printcloud-client login --server \(serverURL) --code …</code>, with a code from
            <code>printcloud-server enrollment-codes create</code>.</p>
            """
            : """
            <table>
              <thead><tr><th scope="col">Computer</th><th scope="col">State</th><th scope="col">Printers</th>
              <th scope="col">Client</th><th scope="col">Last seen</th></tr></thead>
              <tbody>\(computers.map(computerRow))</tbody>
            </table>
            """
        let failureList: HTML =
            failures.isEmpty
            ? "<p class=\"empty\">No failed job.</p>"
            : """
            <ul class="failures">\(failures.map { job -> HTML in
                "<li><span class=\"job\">\(job.id)</span> \(job.title) on \(job.printerName): \(job.stateMessage ?? "error")</li>"
            })</ul>
            """
        return layout(
            title: "Overview", signedIn: signedIn,
            """
            <h1>Overview</h1>
            <section aria-labelledby="summary">
              <h2 id="summary">At a glance</h2>
              <dl class="figures">
                <div><dt>Computers online</dt><dd id="computers-online">\(online) of \(computers.count)</dd></div>
                <div><dt>Printers</dt><dd id="printers">\(printers.count)</dd></div>
                \(counts.map { state, count -> HTML in
                    "<div><dt>\(words(for: state)), last 24 h</dt><dd id=\"jobs-\(state.rawValue)\">\(count)</dd></div>"
                })
              </dl>
            </section>
            <section aria-labelledby="computers">
              <h2 id="computers">Computers and printers</h2>
              \(computerList)
            </section>
            <section aria-labelledby="failures">
              <h2 id="failures">Recent failures</h2>
              \(failureList)
            </section>
            """)
    }

    /// A job state as the overview's figures name it.
    static func words(for state: JobState) -> String {
        switch state {
        case .pending: "Jobs waiting"
        case .sent: "Jobs sent"
        case .printing: "Jobs printing"
        case .completed: "Jobs printed"
        case .error: "Jobs failed"
        }
    }

    private static func computerRow(_ computer: ComputerView) -> HTML {
        let printers: HTML =
            computer.printers.isEmpty
            ? "none reported"
            : "\(computer.printers.map { printer -> HTML in "<span class=\"printer\">\(printer.name) (\(printer.state.rawValue))</span> " })"
        return """
            <tr><td>\(computer.name)<br><small>\(computer.os)</small></td><td class="state-\(computer.state.rawValue)">\(computer.state.rawValue)</td>
            <td>\(printers)</td><td>\(computer.clientVersion)</td><td>\(computer.lastSeenAt.apiTimestamp)</td></tr>
            """
    }

    /// The little the pages do with script: copy a secret shown once.
    static let script = """
        document.addEventListener('click', async (event) => {
          const id = event.target.dataset && event.target.dataset.copy;
          if (!id) return;
          const text = document.getElementById(id);
          try {
            // Only pages served over https (or from localhost) have the clipboard API.
            await navigator.clipboard.writeText(text.textContent);
            event.target.textContent = 'Copied';
          } catch {
            getSelection().selectAllChildren(text);
            event.target.textContent = 'Selected: copy it with Ctrl+C';
          }
        });
        """

    static let style = """
        :root { font-family: system-ui, sans-serif; color: #1d2330; background: #f6f7f9; }
        body { margin: 0; }
        header { display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: .5rem;
          padding: .75rem 1rem; background: #1d2330; color: #fff; }
        header a { color: #fff; } header a.brand { font-weight: 700; text-decoration: none; }
        nav { display: flex; gap: 1rem; flex: 1; padding-left: 1rem; }
        .hidden { position: absolute; left: -10000px; }
        .created { background: #fff7d6; padding: .75rem; border-radius: .5rem; }
        .signout { display: flex; gap: .5rem; align-items: center; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
        .stack { display: grid; gap: .5rem; max-width: 22rem; }
        input, button { font: inherit; padding: .5rem; }
        button { cursor: pointer; }
        :focus-visible { outline: 3px solid #3b6fd8; outline-offset: 2px; }
        .problem { color: #a8071a; font-weight: 600; }
        .hint, .empty { color: #555; }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .5rem; }
        .figures div { background: #fff; padding: .75rem; border-radius: .5rem; }
        .figures dd { margin: 0; font-size: 1.5rem; font-weight: 700; }
        table { width: 100%; border-collapse: collapse; background: #fff; }
        th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
        .state-online { color: #1a7f37; } .state-offline { color: #a8071a; }
        @media (max-width: 40rem) { table, thead, tbody, tr, th, td { display: block; } thead { display: none; } }
        """
}
