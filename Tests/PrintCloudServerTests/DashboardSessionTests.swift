import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Signing in to the dashboard and out again over real HTTP, on both engines: the session cookie, its expiry,
/// and the CSRF rules of its forms.
@Suite struct DashboardSessionTests {
    @Test(arguments: TestEngine.allCases)
    func signingInSetsAStrictHttpOnlyCookieThatOpensTheOverview(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            let before = try await browser.send(.get, "/")
            #expect(before.status == .seeOther)
            #expect(before.headers[.location] == "/login")

            let signedIn = try await browser.signIn(account)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/")
            let cookie = try #require(
                signedIn.headers[values: .setCookie].first { $0.hasPrefix("\(DashboardRoutes.sessionCookie)=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))  // plain http here; https public URLs get Secure
            let overview = try await browser.send(.get, "/")
            #expect(overview.status == .ok)
            #expect(overview.text.contains("Overview"))
            #expect(overview.text.contains(account.email))
            #expect(overview.text.contains("No computer yet"))
            #expect(overview.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aWrongPasswordIsRefusedWithoutASession(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            let refused = try await browser.signIn(account, password: "not the password")
            #expect(refused.status == .unauthorized)
            #expect(refused.text.contains("Wrong email or password"))
            #expect(browser.cookies[DashboardRoutes.sessionCookie] == nil)
            #expect(try await browser.send(.get, "/").status == .seeOther)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func signingOutRevokesTheSessionInTheDatabase(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            _ = try await browser.signIn(account)
            let token = try #require(browser.cookies[DashboardRoutes.sessionCookie])
            let overview = try await browser.send(.get, "/")
            let out = try await browser.send(.post, "/logout", form: ["csrf": try DashboardBrowser.csrf(in: overview)])
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/login")
            // The old cookie, replayed, no longer opens anything.
            browser.cookies[DashboardRoutes.sessionCookie] = token
            #expect(try await browser.send(.get, "/").status == .seeOther)
            let stored = try await app.storage.dashboardSessions.session(tokenHash: Identifiers.hash(apiKey: token))
            #expect(stored?.revokedAt != nil)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theSweepDeletesEndedSessionsAndKeepsLiveOnes(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            var signedOut = DashboardBrowser(app: app)
            _ = try await signedOut.signIn(account)
            let overview = try await signedOut.send(.get, "/")
            _ = try await signedOut.send(.post, "/logout", form: ["csrf": try DashboardBrowser.csrf(in: overview)])
            var idle = DashboardBrowser(app: app)
            _ = try await idle.signIn(account)
            app.clock.advance(by: 20 * 60)
            var live = DashboardBrowser(app: app)
            _ = try await live.signIn(account)
            app.clock.advance(by: 15 * 60)
            let sessions = DashboardSessions(
                store: app.storage.dashboardSessions, accounts: app.accounts, clock: app.clock.wallClock)
            #expect(try await sessions.sweep() == 2, "the signed-out one and the one idle for 35 minutes")
            #expect(try await live.send(.get, "/").status == .ok)
            #expect(try await sessions.sweep() == 0)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aFormFromAnotherSiteOrWithoutItsTokenIsRefused(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            #expect(try await browser.signIn(account, origin: "http://evil.example").status == .forbidden)
            #expect(browser.cookies[DashboardRoutes.sessionCookie] == nil)
            // Without the sign-in cookie's token in the form.
            let forged = try await browser.send(
                .post, "/login", form: ["email": account.email, "password": account.password, "csrf": "x"])
            #expect(forged.status == .forbidden)
            #expect(browser.cookies[DashboardRoutes.sessionCookie] == nil)

            _ = try await browser.signIn(account)
            let overview = try await browser.send(.get, "/")
            let csrf = try DashboardBrowser.csrf(in: overview)
            #expect(try await browser.send(.post, "/logout", form: ["csrf": "wrong"]).status == .forbidden)
            #expect(
                try await browser.send(.post, "/logout", form: ["csrf": csrf], origin: "http://evil.example").status
                    == .forbidden)
            #expect(try await browser.send(.get, "/").status == .ok, "the refused forms left the session alone")
        }
    }

    @Test(arguments: ["https://localhost", "http://localhost:1", "null", "http://evil.example"])
    func onlyTheServersOwnOriginMayPostItsForms(_ foreign: String) async throws {
        try await withTestApp(.sqlite) { app in
            let account = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            #expect(try await browser.signIn(account, origin: foreign).status == .forbidden)
            // The test client names the server `localhost`, as a browser would have its page's origin.
            #expect(try await browser.signIn(account, origin: "http://localhost").status == .seeOther)
        }
    }

    @Test func behindAnHTTPSPublicURLCookiesAreSecureAndFormsComeFromItsOrigin() async throws {
        try await withTestApp(.sqlite, configure: { $0.publicURL = "https://print.example.com" }) { app in
            let account = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            // Behind the proxy the request's Host is the upstream's; the public URL is the page's origin.
            #expect(try await browser.signIn(account, origin: "http://localhost").status == .forbidden)
            let signedIn = try await browser.signIn(account, origin: "https://print.example.com")
            #expect(signedIn.status == .seeOther)
            let cookie = try #require(
                signedIn.headers[values: .setCookie].first { $0.hasPrefix("\(DashboardRoutes.sessionCookie)=") })
            #expect(cookie.contains("Secure"))
        }
    }

    @Test func theAPIStillRefusesFormBodies() async throws {
        try await withTestApp(.sqlite) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(
                .post, "/api/account/apikeys", key: account.fullKey,
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(response.status == .unsupportedMediaType)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aSessionEndsAfterHalfAnHourIdleAndTwelveHoursInAll(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            var idle = DashboardBrowser(app: app)
            _ = try await idle.signIn(account)
            app.clock.advance(by: 29 * 60)
            #expect(try await idle.send(.get, "/").status == .ok)
            app.clock.advance(by: 29 * 60)
            #expect(try await idle.send(.get, "/").status == .ok, "each request keeps it alive")
            app.clock.advance(by: 31 * 60)
            #expect(try await idle.send(.get, "/").status == .seeOther)

            var busy = DashboardBrowser(app: app)
            _ = try await busy.signIn(account)
            for _ in 0..<28 {
                app.clock.advance(by: 25 * 60)
                #expect(try await busy.send(.get, "/").status == .ok)
            }
            app.clock.advance(by: 25 * 60)
            #expect(try await busy.send(.get, "/").status == .seeOther, "in use all along, but 12 h 5 min old")
        }
    }

    @Test func anAPIKeyIsNeverASession() async throws {
        try await withTestApp(.sqlite) { app in
            let account = try await app.makeAccount()
            var browser = DashboardBrowser(app: app)
            browser.cookies[DashboardRoutes.sessionCookie] = account.fullKey
            #expect(try await browser.send(.get, "/").status == .seeOther)
            let withKey = try await app.request(.get, "/", key: account.fullKey)
            #expect(withKey.status == .seeOther)
        }
    }
}
