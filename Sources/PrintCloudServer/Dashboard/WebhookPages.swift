import Foundation
import PrintCloudProtocol

/// The webhooks pages: the list with a form for a new one, and a webhook's page with its delivery log.
enum WebhookPages {
    /// Each event type with what it means, for the checkboxes.
    static let eventChoices = [
        ("job.created", "A job was created"), ("job.state", "A job changed state (sent, printing, printed, failed)"),
        ("computer.connected", "A computer came online"), ("computer.disconnected", "A computer went offline"),
        ("printer.state", "A printer changed state"),
    ]

    private static func eventBoxes(checked: [String]) -> HTML {
        let all = checked.contains("all")
        let boxes: [HTML] = ([("all", "Every event, including types added later")] + eventChoices).map { type, text in
            let on = all ? type == "all" : checked.contains(type)
            return
                "<label><input type=\"checkbox\" name=\"event.\(type)\" value=\"yes\"\(on ? " checked" : "")> <code>\(type)</code>: \(text)</label>"
        }
        return "<fieldset class=\"stack\"><legend>Events</legend>\(boxes)</fieldset>"
    }

    static func list(
        _ signedIn: DashboardSessions.SignedIn, webhooks: [WebhookRecord], created: (WebhookRecord, String?)? = nil,
        form: (url: String, events: [String]) = ("", ["all"]), problem: String? = nil
    ) -> HTML {
        let shown: HTML =
            created.map { webhook, secret in
                let secretLine: HTML =
                    secret.map {
                        """
                        <p>Its signing secret, shown only this once: <code id="created-secret">\($0)</code>
                        <button type="button" data-copy="created-secret">Copy</button></p>
                        """
                    } ?? "<p>It signs with the secret you gave.</p>"
                return """
                    <section class="created" aria-labelledby="new-webhook">
                      <h2 id="new-webhook">Webhook created for \(webhook.url)</h2>
                      \(secretLine)
                      <p><a href="/webhooks/\(webhook.id)">Open it</a> to send a test and watch its deliveries.</p>
                    </section>
                    """
            } ?? ""
        let rows: [HTML] = webhooks.map { webhook in
            """
            <tr><td><a href="/webhooks/\(webhook.id)">\(webhook.url)</a></td><td>\(webhook.events.joined(separator: ", "))</td>
            <td>\(webhook.active ? "Enabled" : "Disabled")</td><td>\(DashboardPages.time(webhook.createdAt))</td></tr>
            """
        }
        let table: HTML =
            webhooks.isEmpty
            ? "<p class=\"empty\">No webhook yet: add one below to have PrintCloud tell your app when a job prints or fails.</p>"
            : """
            <table>
              <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">State</th>
              <th scope="col">Created</th></tr></thead>
              <tbody>\(rows)</tbody>
            </table>
            """
        return DashboardPages.layout(
            title: "Webhooks", signedIn: signedIn, section: "/webhooks",
            """
            <h1>Webhooks</h1>
            \(shown)
            \(table)
            <h2>New webhook</h2>
            \(DashboardPages.problem(problem))
            <form method="post" action="/webhooks" class="stack">
              \(DashboardPages.csrfField(signedIn))
              <label for="url">URL (https, reachable from this server)</label>
              <input id="url" name="url" type="url" required value="\(form.url)" placeholder="https://example.com/printcloud">
              \(eventBoxes(checked: form.events))
              <label for="secret">Signing secret (made for you if empty)</label>
              <input id="secret" name="secret" autocomplete="off">
              <button type="submit">Create webhook</button>
            </form>
            """)
    }

    static func webhook(
        _ signedIn: DashboardSessions.SignedIn, webhook: WebhookRecord, deliveries: [DeliveryRecord],
        notice: String? = nil, problem: String? = nil
    ) -> HTML {
        let path = "/webhooks/\(webhook.id)"
        let rows: [HTML] = deliveries.map { delivery in
            """
            <tr><td><code>\(delivery.eventType)</code></td>
            <td class="state-\(delivery.status.rawValue)">\(delivery.status.rawValue)</td>
            <td>\(delivery.lastStatusCode.map(String.init) ?? "–")</td><td>\(delivery.lastError ?? "")</td>
            <td>\(delivery.attempts)</td><td>\(DashboardPages.time(delivery.createdAt))</td>
            <td>\(DashboardPages.time(delivery.updatedAt))</td></tr>
            """
        }
        let log: HTML =
            deliveries.isEmpty
            ? "<p class=\"empty\">Nothing delivered yet: send a test, or wait for an event it subscribes to.</p>"
            : """
            <table id="deliveries">
              <thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">HTTP code</th>
              <th scope="col">Error</th><th scope="col">Attempts</th><th scope="col">Created</th>
              <th scope="col">Last change</th></tr></thead>
              <tbody>\(rows)</tbody>
            </table>
            """
        return DashboardPages.layout(
            title: "Webhook", signedIn: signedIn, section: "/webhooks",
            """
            <p><a href="/webhooks">Webhooks</a></p>
            <h1>\(webhook.url)</h1>
            \(DashboardPages.notice(notice))
            \(DashboardPages.problem(problem))
            <p>\(webhook.active ? "Enabled: events are delivered." : "Disabled: no event is delivered until it is enabled again.")</p>
            <div class="actions">
              \(DashboardPages.postButton(webhook.active ? "Disable" : "Enable", action: "\(path)/active", signedIn))
              \(DashboardPages.postButton("Send a test", action: "\(path)/test", signedIn))
              \(DashboardPages.postButton("Delete", action: "\(path)/delete", signedIn, confirm: "Delete this webhook and its log?", danger: true))
            </div>
            <h2>Deliveries</h2>
            <p><a href="\(path)">Refresh</a></p>
            \(log)
            <h2>Edit</h2>
            <form method="post" action="\(path)" class="stack">
              \(DashboardPages.csrfField(signedIn))
              <label for="url">URL</label>
              <input id="url" name="url" type="url" required value="\(webhook.url)">
              \(eventBoxes(checked: webhook.events))
              <label for="secret">New signing secret (the current one is kept if empty; it is never shown again)</label>
              <input id="secret" name="secret" autocomplete="off">
              <button type="submit">Save</button>
            </form>
            """)
    }

    /// The event types ticked in a form.
    static func events(from form: DashboardForm) -> [String] {
        form["event.all"] == "yes" ? ["all"] : eventChoices.map(\.0).filter { form["event.\($0)"] == "yes" }
    }
}
