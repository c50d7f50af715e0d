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
            var browser = DashboardBrowser(app: app)
            _ = try await browser.signIn(account)
            let csrf = try DashboardBrowser.csrf(in: try await browser.send(.get, "/"))
            let users = try await app.accounts.users(accountID: account.accountID)
            let forms: [(String, [String: String])] = [
                ("/printers/\(computer.printerID)/test-page", [:]), ("/jobs/\(jobID)/delete", [:]),
                ("/jobs/\(jobID)/print-again", [:]),
                ("/webhooks", ["url": "http://127.0.0.1:9/hook", "event.all": "yes"]),
                ("/account/name", ["firstName": "Mallory"]),
                ("/account/password", ["currentPassword": account.password, "newPassword": "taken over!"]),
                ("/account/users", ["email": "mallory@example.com", "password": "mallory's own"]),
            ]
            for (path, fields) in forms {
                let without = try await browser.send(.post, path, form: fields)
                #expect(without.status == .forbidden, "POST \(path) without the token")
                let foreign = try await browser.send(
                    .post, path, form: fields.merging(["csrf": csrf]) { $1 }, origin: "http://evil.example")
                #expect(foreign.status == .forbidden, "POST \(path) from another origin")
            }
            #expect(try await app.jobs(account).map(\.id) == [jobID], "no job deleted or printed again")
            #expect(try await app.accounts.users(accountID: account.accountID) == users, "no user added or changed")
            #expect(try await app.storage.webhooks.webhooks(accountID: account.accountID).isEmpty)
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
