import Foundation
import HummingbirdTesting
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// The account page and the webhooks pages over real HTTP: users added there sign in, a password change signs
/// the other sessions out, nobody removes themselves; a webhook's generated secret is shown once and its
/// test ping appears in its delivery log.
@Suite struct DashboardAccountTests {
    @Test(arguments: TestEngine.allCases)
    func aUserAddedThereSignsInAndIsRemovedThere(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let owner = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            _ = try await browser.signIn(owner)
            let page = try await browser.send(.get, "/account")
            #expect(page.text.contains("value=\"Ada\""))
            let csrf = try DashboardBrowser.csrf(in: page)
            let added = try await browser.send(
                .post, "/account/users",
                form: [
                    "csrf": csrf, "email": "Grace@Example.com", "password": "cobol forever", "firstName": "Grace",
                    "lastName": "Hopper",
                ])
            #expect(added.status == .ok)
            #expect(added.text.contains("grace@example.com"))
            let grace = TestAccount(
                accountID: owner.accountID, email: "grace@example.com", password: "cobol forever", keys: [:])
            var second = DashboardBrowser(app: app)
            #expect(try await second.signIn(grace).status == .seeOther)
            #expect(try await second.send(.get, "/").status == .ok)

            let duplicate = try await browser.send(
                .post, "/account/users", form: ["csrf": csrf, "email": "grace@example.com", "password": "another one"])
            #expect(duplicate.status == .conflict)
            let short = try await browser.send(
                .post, "/account/users", form: ["csrf": csrf, "email": "linus@example.com", "password": "short"])
            #expect(short.status == .badRequest)
            #expect(short.text.contains("password: must be at least 8 characters"))

            let me = try #require(try await app.storage.accounts.user(email: owner.email))
            let selfRemoval = try await browser.send(.post, "/account/users/\(me.id)/remove", form: ["csrf": csrf])
            #expect(selfRemoval.status == .badRequest)
            let graceID = try #require(try await app.storage.accounts.user(email: "grace@example.com")?.id)
            #expect(
                try await browser.send(.post, "/account/users/\(graceID)/remove", form: ["csrf": csrf]).status == .ok)
            #expect(try await second.send(.get, "/").status == .seeOther, "a removed user's session ends")
            #expect(try await app.accounts.users(accountID: owner.accountID).map(\.id) == [me.id])
        }
    }

    @Test func aPasswordChangeNeedsTheCurrentOneAndSignsTheOtherSessionsOut() async throws {
        try await withTestApp(.sqlite) { app in
            let owner = try await app.makeAccount()
            var here = DashboardBrowser(app: app)
            var elsewhere = DashboardBrowser(app: app)
            _ = try await here.signIn(owner)
            _ = try await elsewhere.signIn(owner)
            let csrf = try DashboardBrowser.csrf(in: try await here.send(.get, "/account"))
            let wrong = try await here.send(
                .post, "/account/password",
                form: ["csrf": csrf, "currentPassword": "not it", "newPassword": "a new secret"])
            #expect(wrong.status == .badRequest)
            #expect(wrong.text.contains("currentPassword"))
            #expect(try await elsewhere.send(.get, "/").status == .ok, "nothing changed")

            let changed = try await here.send(
                .post, "/account/password",
                form: ["csrf": csrf, "currentPassword": owner.password, "newPassword": "a new secret"])
            #expect(changed.status == .ok)
            #expect(try await here.send(.get, "/").status == .ok, "this session stays")
            #expect(try await elsewhere.send(.get, "/").status == .seeOther, "the other is signed out")
            var fresh = DashboardBrowser(app: app)
            #expect(try await fresh.signIn(owner).status == .unauthorized, "the old password no longer works")
            #expect(try await fresh.signIn(owner, password: "a new secret").status == .seeOther)

            let renamed = try await here.send(
                .post, "/account/name", form: ["csrf": csrf, "firstName": "Augusta", "lastName": "King"])
            #expect(renamed.text.contains("value=\"Augusta\""))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aWebhooksSecretIsShownOnceAndItsTestPingIsInTheLog(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: { $0.allowPrivateWebhooks = true }) { app in
            let owner = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            _ = try await browser.signIn(owner)
            let csrf = try DashboardBrowser.csrf(in: try await browser.send(.get, "/webhooks"))
            let refused = try await browser.send(
                .post, "/webhooks", form: ["csrf": csrf, "url": "ftp://127.0.0.1/hook", "event.job.state": "yes"])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("url"))
            #expect(refused.text.contains("value=\"ftp://127.0.0.1/hook\""), "what was typed is kept")

            let created = try await browser.send(
                .post, "/webhooks",
                form: [
                    "csrf": csrf, "url": "http://127.0.0.1:9/hook", "event.job.state": "yes",
                    "event.job.created": "yes",
                ])
            #expect(created.status == .created)
            let secret = try #require(
                created.text.range(of: #"<code id="created-secret">"#).map {
                    String(created.text[$0.upperBound...].prefix { $0 != "<" })
                })
            #expect(secret.hasPrefix("whsec_"))
            let webhook = try #require(try await app.storage.webhooks.webhooks(accountID: owner.accountID).first)
            #expect(webhook.secret == secret)
            #expect(webhook.events == ["job.created", "job.state"])
            #expect(!(try await browser.send(.get, "/webhooks").text.contains(secret)), "shown only once")
            #expect(!(try await browser.send(.get, "/webhooks/\(webhook.id)").text.contains(secret)))

            let tested = try await browser.send(.post, "/webhooks/\(webhook.id)/test", form: ["csrf": csrf])
            #expect(tested.status == .accepted)
            #expect(tested.text.contains("<code>ping</code>"), "the ping is in the log")

            #expect(
                try await browser.send(.post, "/webhooks/\(webhook.id)/active", form: ["csrf": csrf]).status
                    == .seeOther)
            #expect(try await app.storage.webhooks.webhook(id: webhook.id, accountID: owner.accountID)?.active == false)
            let edited = try await browser.send(
                .post, "/webhooks/\(webhook.id)",
                form: ["csrf": csrf, "url": "http://127.0.0.1:9/other", "event.all": "yes"])
            #expect(edited.text.contains("Saved."))
            let stored = try #require(
                try await app.storage.webhooks.webhook(id: webhook.id, accountID: owner.accountID))
            #expect(stored.url == "http://127.0.0.1:9/other")
            #expect(stored.events == ["all"])
            #expect(stored.secret == secret, "an empty secret field keeps the secret")
        }
    }
}
