import Foundation
import PrintCloudProtocol

/// The API keys page: the account's keys (never their secrets), a form for a new one, and revocation.
enum KeyPages {
    static func list(
        _ signedIn: DashboardSessions.SignedIn, keys: [APIKeyRecord], created: IssuedAPIKey? = nil,
        problem: String? = nil
    ) -> HTML {
        let shown: HTML =
            created.map { issued in
                """
                <section class="created" aria-labelledby="new-key">
                  <h2 id="new-key">New key: copy it now, it is shown only this once</h2>
                  <p><code id="created-key">\(issued.key)</code>
                  <button type="button" data-copy="created-key">Copy</button></p>
                </section>
                """
            } ?? ""
        let rows: [HTML] = keys.map { key in
            """
            <tr><td>\(key.description.isEmpty ? "(no description)" : key.description)</td>
            <td>\(key.permission.rawValue)</td><td>\(DashboardPages.time(key.createdAt))</td>
            <td>\(key.lastUsedAt.map(DashboardPages.time) ?? "Never")</td>
            <td><form method="post" action="/keys/\(key.id)/revoke">
              \(DashboardPages.csrfField(signedIn))
              <button type="submit" aria-label="Revoke \(key.description)">Revoke</button>
            </form></td></tr>
            """
        }
        return DashboardPages.layout(
            title: "API keys", signedIn: signedIn, section: "/keys",
            """
            <h1>API keys</h1>
            \(shown)
            \(DashboardPages.problem(problem))
            <table>
              <thead><tr><th scope="col">Description</th><th scope="col">Permission</th><th scope="col">Created</th>
              <th scope="col">Last used (to the hour)</th><th scope="col"><span class="hidden">Action</span></th></tr></thead>
              <tbody>\(rows)</tbody>
            </table>
            <h2>New key</h2>
            <form method="post" action="/keys" class="stack">
              \(DashboardPages.csrfField(signedIn))
              <label for="description">Description</label>
              <input id="description" name="description" maxlength="200" placeholder="Invoices from the ERP">
              <label for="permission">Permission</label>
              <select id="permission" name="permission">
                <option value="full">full: everything</option>
                <option value="print_only">print_only: print and read jobs</option>
                <option value="read_only">read_only: read only</option>
              </select>
              <button type="submit">Create key</button>
            </form>
            """)
    }
}
