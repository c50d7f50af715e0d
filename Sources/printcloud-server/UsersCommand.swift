import ArgumentParser
import PrintCloudProtocol
import PrintCloudServer

/// `printcloud-server users …`: account administration.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new account with this user and a full API key.",
            discussion:
                #"Prints one JSON object: {"user": {"id","firstName","lastName","email"}, "apiKey": "pk_live_…"}."#
        )

        @Option(help: "The user's email (their sign-in name).")
        var email: String

        @Option(help: "The user's password, at least 8 characters.")
        var password: String

        @Option(help: "The user's first name.")
        var firstName = ""

        @Option(help: "The user's last name.")
        var lastName = ""

        @OptionGroup var database: DatabaseOptions

        struct Output: Encodable {
            var user: UserInfo
            var apiKey: String
        }

        func run() async throws {
            let logger = database.makeLogger()
            let output = try await Storage.withOpen(database.location, logger: logger) { storage in
                let accounts = AccountService(storage: storage, passwords: PasswordHasher(), clock: .system)
                let (user, key) = try await accounts.createAccount(
                    email: email, password: password, firstName: firstName, lastName: lastName)
                return Output(user: user.info, apiKey: key.key)
            }
            try printJSON(output)
        }
    }
}
