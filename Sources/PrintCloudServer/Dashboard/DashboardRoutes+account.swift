import Hummingbird
import PrintCloudProtocol

/// The account: the signed-in user's name and password, and the account's users.
extension DashboardRoutes {
    func registerAccount(on router: Router<AppRequestContext>) {
        router.get("account", use: accountPage)
        router.post("account/name", use: rename)
        router.post("account/password", use: changePassword)
        router.post("account/users", use: addUser)
        router.post("account/users/:id/remove", use: removeUser)
    }

    @Sendable func accountPage(request: Request, context: AppRequestContext) async throws -> Response {
        try await withPage(request) { signedIn, _ in
            AccountPages.page(signedIn, users: try await accounts.users(accountID: signedIn.user.accountID))
        }
    }

    /// Runs a change of the account page, then shows the page again with what happened.
    private func accountChange(
        _ request: Request, _ context: AppRequestContext, done: String,
        _ change: (DashboardSessions.SignedIn, DashboardForm) async throws -> Void
    ) async throws -> Response {
        try await withForm(request, context) { signedIn, form in
            var (notice, problem, status): (String?, String?, HTTPResponse.Status) = (done, nil, .ok)
            do {
                try await change(signedIn, form)
            } catch let error as ServiceError where [.invalidInput, .conflict].contains(error.code) {
                (notice, problem, status) = (nil, error.message, error.code == .conflict ? .conflict : .badRequest)
            }
            // Read again: the name just changed is the signed-in user's own.
            let user = try await accounts.user(id: signedIn.user.id) ?? signedIn.user
            let current = DashboardSessions.SignedIn(session: signedIn.session, user: user)
            return AccountPages.page(
                current, users: try await accounts.users(accountID: user.accountID), notice: notice, problem: problem
            ).response(status: status)
        }
    }

    @Sendable func rename(request: Request, context: AppRequestContext) async throws -> Response {
        try await accountChange(request, context, done: "Name saved.") { signedIn, form in
            _ = try await accounts.rename(
                signedIn.user, firstName: form["firstName"] ?? "", lastName: form["lastName"] ?? "")
        }
    }

    @Sendable func changePassword(request: Request, context: AppRequestContext) async throws -> Response {
        try await accountChange(request, context, done: "Password changed; your other sessions are signed out.") {
            signedIn, form in
            try await accounts.changePassword(
                signedIn.user, current: form["currentPassword"] ?? "", new: form["newPassword"] ?? "")
            try await sessions.signOutOthers(signedIn.session)
        }
    }

    @Sendable func addUser(request: Request, context: AppRequestContext) async throws -> Response {
        try await accountChange(request, context, done: "User added: they can sign in now.") { signedIn, form in
            _ = try await accounts.addUser(
                accountID: signedIn.user.accountID, email: form["email"] ?? "", password: form["password"] ?? "",
                firstName: form["firstName"] ?? "", lastName: form["lastName"] ?? "")
        }
    }

    @Sendable func removeUser(request: Request, context: AppRequestContext) async throws -> Response {
        try await accountChange(request, context, done: "User removed.") { signedIn, _ in
            try await accounts.removeUser(
                id: context.parameters.require("id"), accountID: signedIn.user.accountID, byUserID: signedIn.user.id)
        }
    }
}
