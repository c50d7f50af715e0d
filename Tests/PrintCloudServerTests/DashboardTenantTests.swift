import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Every dashboard page and form of an object answers 404 for another account's object, as for none, and
/// changes nothing; every form is refused (403) without its session's token or from another origin.
@Suite struct DashboardTenantTests {
    @Test(arguments: TestEngine.allCases)
    func anotherAccountsObjectsAnswerNotFoundAndStay(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: { $0.allowPrivateWebhooks = true }) { app in
            let theirs = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: theirs)
            let jobID = try await app.createRawJob(printerID: computer.printerID, key: theirs.fullKey)
            let webhook = try await app.request(
                .post, "/api/webhooks", key: theirs.fullKey,
                json: #"{"url": "http://127.0.0.1:9/hook", "events": ["all"]}"#
            ).object()
            let webhookID = try #require(webhook["id"] as? String)
            let theirUser = try #require(try await app.storage.accounts.user(email: theirs.email))

            let mine = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            _ = try await browser.signIn(mine)
            let csrf = try DashboardBrowser.csrf(in: try await browser.send(.get, "/"))
            for path in [
                "/printers/\(computer.printerID)", "/jobs/\(jobID)", "/jobs/\(jobID)/document",
                "/webhooks/\(webhookID)",
            ] {
                let page = try await browser.send(.get, path)
                #expect(page.status == .notFound, "GET \(path)")
                #expect(!page.text.contains(theirs.email))
            }
            for path in [
                "/printers/\(computer.printerID)/test-page", "/jobs/\(jobID)/delete", "/jobs/\(jobID)/print-again",
                "/webhooks/\(webhookID)", "/webhooks/\(webhookID)/active", "/webhooks/\(webhookID)/test",
                "/webhooks/\(webhookID)/delete", "/account/users/\(theirUser.id)/remove",
            ] {
                let answer = try await browser.send(
                    .post, path, form: ["csrf": csrf, "url": "http://127.0.0.1:9/mine", "event.all": "yes"])
                #expect(answer.status == .notFound, "POST \(path)")
            }
            #expect(try await app.jobs(theirs).map(\.id) == [jobID], "their job is still there, and alone")
            let stored = try await app.request(.get, "/api/webhooks/\(webhookID)", key: theirs.fullKey).object()
            #expect(stored["url"] as? String == "http://127.0.0.1:9/hook")
            #expect(stored["active"] as? Bool == true)
            #expect(
                try await app.storage.webhooks.deliveries(webhookID: webhookID, limit: 100).allSatisfy {
                    $0.eventType != "ping"
                }, "no test was sent")
            #expect(try await app.accounts.users(accountID: theirs.accountID).count == 1)
            for page in ["/computers", "/jobs", "/webhooks", "/account"] {
                let text = try await browser.send(.get, page).text
                #expect(!text.contains(jobID) && !text.contains(webhookID) && !text.contains(theirs.email), "\(page)")
            }
        }
    }

    @Test func everyFormNeedsItsTokenAndThisServersOrigin() async throws {
        try await withTestApp(.sqlite, configure: { $0.allowPrivateWebhooks = true }) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let jobID = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            let keyID = try #require(
                try await app.request(.get, "/api/whoami", key: account.fullKey).object()["keyId"] as? String)
            let webhookID = try #require(
                try await app.request(
                    .post, "/api/webhooks", key: account.fullKey,
                    json: #"{"url": "http://127.0.0.1:9/hook", "events": ["all"]}"#
                ).object()["id"] as? String)
            let other = try await app.accounts.addUser(
                accountID: account.accountID, email: "other@example.com", password: "other's own",
                firstName: "", lastName: "")
            var browser = DashboardBrowser(app: app)
            _ = try await browser.signIn(account)
            let csrf = try DashboardBrowser.csrf(in: try await browser.send(.get, "/"))
            let hook = ["url": "http://127.0.0.1:9/forged", "event.all": "yes"]
            // Every form but sign-in's (its own double-submit token is tested with the sessions).
            let forms: [(route: String, path: String, fields: [String: String])] = [
                ("/logout", "/logout", [:]), ("/keys", "/keys", ["description": "forged"]),
                ("/keys/{id}/revoke", "/keys/\(keyID)/revoke", [:]),
                ("/printers/{id}/print", "/printers/\(computer.printerID)/print", ["copies": "1"]),
                ("/printers/{id}/test-page", "/printers/\(computer.printerID)/test-page", [:]),
                ("/jobs/{id}/delete", "/jobs/\(jobID)/delete", [:]),
                ("/jobs/{id}/print-again", "/jobs/\(jobID)/print-again", [:]), ("/webhooks", "/webhooks", hook),
                ("/webhooks/{id}", "/webhooks/\(webhookID)", hook),
                ("/webhooks/{id}/active", "/webhooks/\(webhookID)/active", [:]),
                ("/webhooks/{id}/test", "/webhooks/\(webhookID)/test", [:]),
                ("/webhooks/{id}/delete", "/webhooks/\(webhookID)/delete", [:]),
                ("/account/name", "/account/name", ["firstName": "Mallory"]),
                (
                    "/account/password", "/account/password",
                    ["currentPassword": account.password, "newPassword": "taken over!"]
                ),
                ("/account/users", "/account/users", ["email": "mallory@example.com", "password": "mallory's own"]),
                ("/account/users/{id}/remove", "/account/users/\(other.id)/remove", [:]),
            ]
            let posted = Set(DashboardRoutes.pages.filter { $0.hasPrefix("POST ") && $0 != "POST /login" })
            #expect(Set(forms.map { "POST \($0.route)" }) == posted, "every form of the dashboard is tried")
            let users = try await app.accounts.users(accountID: account.accountID)
            for (_, path, fields) in forms {
                let without = try await browser.send(.post, path, form: fields)
                #expect(without.status == .forbidden, "POST \(path) without the token")
                let foreign = try await browser.send(
                    .post, path, form: fields.merging(["csrf": csrf]) { $1 }, origin: "http://evil.example")
                #expect(foreign.status == .forbidden, "POST \(path) from another origin")
            }
            #expect(try await browser.send(.get, "/").status == .ok, "still signed in")
            #expect(try await app.jobs(account).map(\.id) == [jobID], "no job deleted or printed again")
            #expect(try await app.accounts.users(accountID: account.accountID) == users, "no user added or changed")
            #expect(try await app.accounts.keys(accountID: account.accountID).contains { $0.id == keyID })
            #expect(try await app.accounts.keys(accountID: account.accountID).count == 3, "no key made")
            let webhook = try #require(
                try await app.storage.webhooks.webhook(id: webhookID, accountID: account.accountID))
            #expect(webhook.url == "http://127.0.0.1:9/hook" && webhook.active)
            #expect(try await app.storage.webhooks.webhooks(accountID: account.accountID).count == 1)
        }
    }

    @Test func signedOutEveryPageGoesToSignIn() async throws {
        try await withTestApp(.sqlite) { app in
            var stranger = DashboardBrowser(app: app)
            for path in [
                "/computers", "/printers/prn_x", "/jobs", "/jobs/pj_x", "/jobs/pj_x/document", "/webhooks", "/account",
            ] {
                let page = try await stranger.send(.get, path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.headers[.location] == "/login")
            }
            #expect(try await stranger.send(.get, "/dashboard/live").status == .unauthorized)
        }
    }
}
