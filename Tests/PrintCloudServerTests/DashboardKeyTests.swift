import Foundation
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// The dashboard's API keys page over real HTTP: a key made there works on the API and is shown once; a key
/// revoked there stops working; another account's key cannot be revoked; the forms need their token.
@Suite struct DashboardKeyTests {
    /// The key shown on the page after creating one.
    static func shownKey(in page: String) throws -> String {
        let start = try #require(page.range(of: #"<code id="created-key">"#)).upperBound
        return String(page[start...].prefix { $0 != "<" })
    }

    @Test(arguments: TestEngine.allCases)
    func aKeyMadeOnThePageWorksOnTheAPIUntilItIsRevokedThere(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            _ = try await browser.signIn(account)
            let page = try await browser.send(.get, "/keys")
            #expect(page.status == .ok)
            let created = try await browser.send(
                .post, "/keys",
                form: [
                    "csrf": try DashboardBrowser.csrf(in: page), "description": "ERP <invoices>",
                    "permission": "print_only",
                ])
            #expect(created.status == .created)
            #expect(created.text.contains("ERP &lt;invoices&gt;"), "the description is escaped")
            let key = try Self.shownKey(in: created.text)
            let whoami = try await app.request(.get, "/api/whoami", key: key).object()
            #expect(whoami["permission"] as? String == "print_only")
            let list = try await browser.send(.get, "/keys").text
            #expect(!list.contains(key), "the list never shows a secret")
            let row = try #require(list.components(separatedBy: "<tr>").first { $0.contains("ERP &lt;invoices&gt;") })
            #expect(row.components(separatedBy: "<time").count == 3, "created, and last used just now: \(row)")

            let keyID = try #require(whoami["keyId"] as? String)
            let revoked = try await browser.send(
                .post, "/keys/\(keyID)/revoke", form: ["csrf": try DashboardBrowser.csrf(in: page)])
            #expect(revoked.status == .seeOther)
            #expect(try await app.request(.get, "/api/whoami", key: key).status == .unauthorized)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anotherAccountsKeyAnswersNotFoundAndStays(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let mine = try await app.makeAccount()
            let theirs = try await app.makeAccount()
            let theirKeyID = try #require(
                try await app.request(.get, "/api/whoami", key: theirs.fullKey).object()["keyId"] as? String)
            var browser = DashboardBrowser(app: app)
            _ = try await browser.signIn(mine)
            let page = try await browser.send(.get, "/keys")
            #expect(!page.text.contains(theirKeyID))
            let refused = try await browser.send(
                .post, "/keys/\(theirKeyID)/revoke", form: ["csrf": try DashboardBrowser.csrf(in: page)])
            #expect(refused.status == .notFound)
            #expect(try await app.request(.get, "/api/whoami", key: theirs.fullKey).status == .ok)
        }
    }

    @Test func theKeyFormsNeedTheSessionsToken() async throws {
        try await withTestApp(.sqlite) { app in
            let account = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            _ = try await browser.signIn(account)
            let before = try await app.accounts.keys(accountID: account.accountID).count
            #expect(try await browser.send(.post, "/keys", form: ["description": "forged"]).status == .forbidden)
            #expect(try await app.accounts.keys(accountID: account.accountID).count == before)
            var stranger = DashboardBrowser(app: app)
            #expect(try await stranger.send(.get, "/keys").status == .seeOther, "signed out: to the sign-in page")
        }
    }
}
