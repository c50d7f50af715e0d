import Foundation
import Hummingbird
import Logging
import PrintCloudProtocol

/// The dashboard at `/`: HTML pages for people, signed in with a session cookie (never an API key). Its
/// forms are posted as HTML forms, so these routes come before the API's JSON-only rule; each form carries a
/// CSRF token and is refused from another site's page. The pages of each section are in the extensions.
struct DashboardRoutes {
    let sessions: DashboardSessions
    let computers: ComputerService
    let jobs: JobService
    let accounts: AccountService
    let webhooks: WebhookService
    let cluster: Cluster
    let changes: AccountChanges
    /// The `--public-url` the server is reached at, if one is set: forms must come from its origin, and
    /// cookies are marked `Secure` when it is https.
    let publicURL: String?
    /// The server's address for the desktop client's instructions (with the port it really listens on).
    let address: ServerAddress

    var secureCookies: Bool { publicURL?.lowercased().hasPrefix("https://") == true }
    var publicOrigin: String? { publicURL.flatMap(DashboardForm.origin(of:)) }

    /// The routes below: pages for browsers, outside the API's contract (the OpenAPI document).
    static let pages: Set<String> = [
        "GET /", "GET /login", "POST /login", "POST /logout", "GET /keys", "POST /keys", "POST /keys/{id}/revoke",
        "GET /computers", "GET /printers/{id}", "POST /printers/{id}/print", "POST /printers/{id}/test-page",
        "GET /jobs", "GET /jobs/{id}", "GET /jobs/{id}/document", "POST /jobs/{id}/delete",
        "POST /jobs/{id}/print-again", "GET /webhooks", "POST /webhooks", "GET /webhooks/{id}", "POST /webhooks/{id}",
        "POST /webhooks/{id}/active", "POST /webhooks/{id}/test", "POST /webhooks/{id}/delete", "GET /account",
        "POST /account/name", "POST /account/password", "POST /account/users", "POST /account/users/{id}/remove",
        "GET /dashboard/live", "GET /dashboard/style.css", "GET /dashboard/app.js",
    ]

    static let sessionCookie = "pc_session"
    static let signInCookie = "pc_signin"

    func register(on router: Router<AppRequestContext>) {
        router.get("/", use: overview)
        router.get("login", use: signInPage)
        router.post("login", use: signIn)
        router.post("logout", use: signOut)
        registerKeys(on: router)
        registerPrinters(on: router)
        registerJobs(on: router)
        registerWebhooks(on: router)
        registerAccount(on: router)
        router.get("dashboard/live", use: live)
        router.get("dashboard/app.js") { _, _ in
            DashboardAssets.response(DashboardAssets.script, type: "text/javascript")
        }
        router.get("dashboard/style.css") { _, _ in DashboardAssets.response(DashboardAssets.style, type: "text/css") }
    }

    @Sendable func overview(request: Request, context: AppRequestContext) async throws -> Response {
        try await withPage(request) { signedIn, version in
            let accountID = signedIn.user.accountID
            var failures = JobFilter()
            failures.state = .error
            failures.limit = 10
            return DashboardPages.overview(
                signedIn, version: version, computers: try await computers.computers(accountID: accountID),
                counts: try await jobs.counts(accountID: accountID, lastHours: 24),
                failures: try await jobs.list(accountID: accountID, filter: failures), serverURL: address.baseURL)
        }
    }

    @Sendable func signInPage(request: Request, context: AppRequestContext) async throws -> Response {
        if try await signedIn(request) != nil { return Self.redirect(to: "/") }
        return signInForm()
    }

    /// The sign-in form, with a fresh token in a cookie and in the form: a page of another site cannot read
    /// the cookie, so it cannot post the pair (signing a victim in to the attacker's account).
    private func signInForm(email: String = "", problem: String? = nil, status: HTTPResponse.Status = .ok)
        -> Response
    {
        let token = Identifiers.newSessionToken()
        var response = DashboardPages.signIn(csrf: token, email: email, problem: problem).response(status: status)
        response.setCookie(cookie(Self.signInCookie, token, path: "/login", maxAge: 3600))
        return response
    }

    @Sendable func signIn(request: Request, context: AppRequestContext) async throws -> Response {
        guard
            let form = try await DashboardForm.checked(
                request, publicOrigin: publicOrigin, token: request.cookies[Self.signInCookie]?.value)
        else { return Self.refused() }
        let email = form["email"] ?? ""
        do {
            let (_, token) = try await sessions.signIn(
                email: email, password: form["password"] ?? "", clientAddress: context.remoteAddress)
            var response = Self.redirect(to: "/")
            response.setCookie(cookie(Self.sessionCookie, token, path: "/", maxAge: Int(sessions.absolute)))
            response.setCookie(cookie(Self.signInCookie, "", path: "/login", maxAge: 0))
            return response
        } catch let error as ServiceError where error.code == .tooManyAttempts {
            var response = signInForm(email: email, problem: error.message, status: .tooManyRequests)
            if let wait = error.retryAfterSeconds { response.headers[.retryAfter] = String(wait) }
            return response
        } catch let error as ServiceError where error.code == .unauthorized {
            return signInForm(email: email, problem: "Wrong email or password.", status: .unauthorized)
        }
    }

    @Sendable func signOut(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, _ in
            try await sessions.signOut(signedIn.session)
            var response = Self.redirect(to: "/login")
            response.setCookie(cookie(Self.sessionCookie, "", path: "/", maxAge: 0))
            return response
        }
    }

    /// Renders a page for a signed-in person, with the account's change counter read first (so the live
    /// updates never miss a change made while the page was built); anyone else goes to the sign-in page.
    /// A `notFound` error (another account's object, or none) answers the same 404 page.
    func withPage(
        _ request: Request, status: HTTPResponse.Status = .ok,
        _ body: (DashboardSessions.SignedIn, String) async throws -> HTML
    ) async throws -> Response {
        guard let signedIn = try await signedIn(request) else { return Self.redirect(to: "/login") }
        let version = try await changes.latest(accountID: signedIn.user.accountID)
        do {
            return try await body(signedIn, version).response(status: status)
        } catch let error as ServiceError where error.code == .notFound {
            return Self.notFound(signedIn)
        }
    }

    /// Runs `body` for a form of a signed-in person that came from this server's page with its session's token.
    /// `limit` bounds the body: a form's fields, or an uploaded document.
    func withForm(
        _ request: Request, _ context: AppRequestContext, limit: Int = DashboardForm.fieldsLimit,
        _ body: (DashboardSessions.SignedIn, DashboardForm) async throws -> Response
    ) async throws -> Response {
        guard let signedIn = try await signedIn(request) else { return Self.redirect(to: "/login") }
        let checked: DashboardForm?
        do {
            checked = try await DashboardForm.checked(
                request, publicOrigin: publicOrigin, token: signedIn.session.csrfToken, limit: limit)
        } catch let tooLarge as DashboardForm.TooLarge {
            let megabytes = ByteCountFormatter.string(fromByteCount: Int64(tooLarge.limit), countStyle: .file)
            return DashboardPages.layout(
                title: "Too large", signedIn: signedIn,
                "<h1>Too large</h1><p>At most \(megabytes) can be sent. Go back and choose a smaller file.</p>"
            ).response(status: .contentTooLarge)
        }
        guard let form = checked else { return Self.refused() }
        do {
            return try await body(signedIn, form)
        } catch let error as ServiceError where error.code == .notFound {
            return Self.notFound(signedIn)
        }
    }

    /// What another account's object, or none, answers: the same, so ids tell nothing.
    static func notFound(_ signedIn: DashboardSessions.SignedIn? = nil) -> Response {
        DashboardPages.layout(
            title: "Not found", signedIn: signedIn,
            "<h1>Not found</h1><p>There is nothing here, or it was deleted. <a href=\"/\">Back to the overview</a></p>"
        ).response(status: .notFound)
    }

    func signedIn(_ request: Request, touching: Bool = true) async throws -> DashboardSessions.SignedIn? {
        guard let token = request.cookies[Self.sessionCookie]?.value else { return nil }
        return try await sessions.session(token: token, touching: touching)
    }

    // Lax: a link to the dashboard from a mail or a chat opens it signed in; every change is a POST with a token.
    private func cookie(_ name: String, _ value: String, path: String, maxAge: Int) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: path, secure: secureCookies, httpOnly: true,
            sameSite: .lax)
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// A form that did not come from this server's own page (or came without its token).
    static func refused() -> Response {
        DashboardPages.layout(
            title: "Refused", signedIn: nil,
            """
            <h1>This form was refused</h1>
            <p>It did not come from a page of this server, or the page was too old. <a href="/">Start again</a>.</p>
            """
        ).response(status: .forbidden)
    }
}
