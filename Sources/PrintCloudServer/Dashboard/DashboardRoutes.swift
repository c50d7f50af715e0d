import Foundation
import Hummingbird
import Logging
import PrintCloudProtocol

/// The dashboard at `/`: HTML pages for people, signed in with a session cookie (never an API key). Its
/// forms are posted as HTML forms, so these routes come before the API's JSON-only rule; each form carries a
/// CSRF token and is refused from another site's page.
struct DashboardRoutes {
    let sessions: DashboardSessions
    let computers: ComputerService
    let jobs: JobService
    let accounts: AccountService
    let cluster: Cluster
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
        "GET /dashboard/style.css", "GET /dashboard/app.js",
    ]

    static let sessionCookie = "pc_session"
    static let signInCookie = "pc_signin"

    func register(on router: Router<AppRequestContext>) {
        router.get("/", use: overview)
        router.get("login", use: signInPage)
        router.post("login", use: signIn)
        router.post("logout", use: signOut)
        router.get("keys", use: keys)
        router.post("keys", use: createKey)
        router.post("keys/:id/revoke", use: revokeKey)
        router.get("dashboard/app.js") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=300"],
                body: .init(byteBuffer: ByteBuffer(string: DashboardPages.script)))
        }
        router.get("dashboard/style.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                body: .init(byteBuffer: ByteBuffer(string: DashboardPages.style)))
        }
    }

    @Sendable func overview(request: Request, context: AppRequestContext) async throws -> Response {
        guard let signedIn = try await signedIn(request) else { return Self.redirect(to: "/login") }
        let accountID = signedIn.user.accountID
        var filter = JobFilter()
        filter.limit = 500
        return DashboardPages.overview(
            signedIn, computers: try await computers.computers(accountID: accountID),
            jobs: try await jobs.list(accountID: accountID, filter: filter), now: sessions.clock.now(),
            serverURL: address.baseURL
        ).response()
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

    @Sendable func keys(request: Request, context: AppRequestContext) async throws -> Response {
        guard let signedIn = try await signedIn(request) else { return Self.redirect(to: "/login") }
        return KeyPages.list(signedIn, keys: try await accounts.keys(accountID: signedIn.user.accountID)).response()
    }

    @Sendable func createKey(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, form in
            let accountID = signedIn.user.accountID
            do {
                let issued = try await accounts.createKey(
                    accountID: accountID, description: form["description"] ?? "",
                    permission: form["permission"] ?? Permission.full.rawValue)
                return KeyPages.list(signedIn, keys: try await accounts.keys(accountID: accountID), created: issued)
                    .response(status: .created)
            } catch let error as ServiceError where error.code == .invalidInput {
                return KeyPages.list(
                    signedIn, keys: try await accounts.keys(accountID: accountID), problem: error.message
                ).response(status: .badRequest)
            }
        }
    }

    @Sendable func revokeKey(request: Request, context: AppRequestContext) async throws -> Response {
        try await withForm(request, context) { signedIn, _ in
            let id = try context.parameters.require("id")
            do {
                try await accounts.revokeKey(id: id, accountID: signedIn.user.accountID)
            } catch let error as ServiceError where error.code == .notFound {
                return Self.notFound()
            }
            await cluster.disconnect(keyID: id, reason: "API key revoked")
            return Self.redirect(to: "/keys")
        }
    }

    /// Runs `body` for a form of a signed-in person that came from this server's page with its session's token.
    private func withForm(
        _ request: Request, _ context: AppRequestContext,
        _ body: (DashboardSessions.SignedIn, DashboardForm) async throws -> Response
    ) async throws -> Response {
        guard let signedIn = try await signedIn(request) else { return Self.redirect(to: "/login") }
        guard
            let form = try await DashboardForm.checked(
                request, publicOrigin: publicOrigin, token: signedIn.session.csrfToken)
        else { return Self.refused() }
        return try await body(signedIn, form)
    }

    /// What another account's object, or none, answers: the same, so ids tell nothing.
    static func notFound() -> Response {
        DashboardPages.layout(
            title: "Not found", signedIn: nil, "<h1>Not found</h1><p><a href=\"/\">Back to the overview</a></p>"
        ).response(status: .notFound)
    }

    private func signedIn(_ request: Request) async throws -> DashboardSessions.SignedIn? {
        guard let token = request.cookies[Self.sessionCookie]?.value else { return nil }
        return try await sessions.session(token: token)
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
