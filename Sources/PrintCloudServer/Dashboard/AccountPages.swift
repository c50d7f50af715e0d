import Foundation
import PrintCloudProtocol

/// The account page: the signed-in user's name and password, and the account's users.
enum AccountPages {
    static func page(
        _ signedIn: DashboardSessions.SignedIn, users: [UserRecord], notice: String? = nil, problem: String? = nil
    ) -> HTML {
        let user = signedIn.user
        let rows: [HTML] = users.map { member in
            let name = [member.firstName, member.lastName].filter { !$0.isEmpty }.joined(separator: " ")
            let action: HTML =
                member.id == user.id
                ? "<span class=\"hint\">You</span>"
                : DashboardPages.postButton(
                    "Remove", action: "/account/users/\(member.id)/remove", signedIn,
                    confirm: "Remove \(member.email)? They can no longer sign in.", danger: true)
            return """
                <tr><td>\(member.email)</td><td>\(name.isEmpty ? "–" : name)</td><td>\(DashboardPages.time(member.createdAt))</td>
                <td>\(action)</td></tr>
                """
        }
        return DashboardPages.layout(
            title: "Account", signedIn: signedIn, section: "/account",
            """
            <h1>Account</h1>
            \(DashboardPages.notice(notice))
            \(DashboardPages.problem(problem))
            <h2>Your name</h2>
            <form method="post" action="/account/name" class="stack">
              \(DashboardPages.csrfField(signedIn))
              <p>Signed in as <strong>\(user.email)</strong>.</p>
              <label for="firstName">First name</label>
              <input id="firstName" name="firstName" maxlength="100" autocomplete="given-name" value="\(user.firstName)">
              <label for="lastName">Last name</label>
              <input id="lastName" name="lastName" maxlength="100" autocomplete="family-name" value="\(user.lastName)">
              <button type="submit">Save name</button>
            </form>
            <h2>Change password</h2>
            <form method="post" action="/account/password" class="stack">
              \(DashboardPages.csrfField(signedIn))
              <label for="currentPassword">Current password</label>
              <input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password" required>
              <label for="newPassword">New password (8 characters or more)</label>
              <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" minlength="8" required>
              <button type="submit">Change password</button>
              <p class="hint">Your other sessions are signed out.</p>
            </form>
            <h2>Users of this account</h2>
            <p class="hint">Each can sign in here and with <code>printcloud-client login --email</code>, and sees all of the account.</p>
            <table>
              <thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Added</th>
              <th scope="col"><span class="hidden">Action</span></th></tr></thead>
              <tbody>\(rows)</tbody>
            </table>
            <h3>Add a user</h3>
            <form method="post" action="/account/users" class="stack">
              \(DashboardPages.csrfField(signedIn))
              <label for="newEmail">Email</label>
              <input id="newEmail" name="email" type="email" required autocomplete="off">
              <label for="newFirstName">First name</label>
              <input id="newFirstName" name="firstName" maxlength="100">
              <label for="newLastName">Last name</label>
              <input id="newLastName" name="lastName" maxlength="100">
              <label for="userPassword">Password (8 characters or more; tell it to them, they can change it)</label>
              <input id="userPassword" name="password" type="password" autocomplete="new-password" minlength="8" required>
              <button type="submit">Add user</button>
            </form>
            """)
    }
}
