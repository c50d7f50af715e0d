import ArgumentParser
import PrintCloudProtocol
import PrintCloudServer

/// `printcloud-server keys …`: API key administration.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key for the account of the user with this email.",
            discussion: #"Prints one JSON object: {"id","key","description","permission"}. The key is shown only here."#
        )

        @Option(help: "Email of a user of the account.")
        var email: String

        @Option(help: "full, print_only or read_only.")
        var permission = Permission.full.rawValue

        @Option(help: "What the key is for.")
        var description = ""

        @OptionGroup var database: DatabaseOptions

        struct Output: Encodable {
            var id: String
            var key: String
            var description: String
            var permission: Permission
        }

        func run() async throws {
            let logger = database.makeLogger()
            let output = try await Storage.withOpen(database.location, logger: logger) { storage in
                let accounts = AccountService(storage: storage, passwords: PasswordHasher(), clock: .system)
                let issued = try await accounts.createKey(
                    forEmail: email, description: description, permission: permission)
                return Output(
                    id: issued.record.id, key: issued.key, description: issued.record.description,
                    permission: issued.record.permission)
            }
            try printJSON(output)
        }
    }
}
