import ArgumentParser
import Foundation
import PrintCloudServer

/// `printcloud-server enrollment-codes …`: codes an office computer exchanges for its own key.
struct EnrollmentCodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrollment-codes", abstract: "Make enrollment codes for office computers.",
        subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a single-use enrollment code for the account of the user with this email.",
            discussion: """
                On the office computer, `printcloud-client login --server URL --code CODE --name NAME` exchanges \
                it for a full key of its own; no password is typed there. Prints one JSON object: \
                {"id","code","description","expiresAt"}. The code is shown only here.
                """)

        @Option(help: "Email of a user of the account.")
        var email: String

        @Option(help: "What the code is for, such as the computer it goes to.")
        var description = ""

        @Option(help: "Hours until the code expires (at most 720).")
        var expiresHours = 24.0

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard expiresHours >= 1.0 / 60, expiresHours <= 720 else {
                throw ValidationError("--expires-hours must be from one minute (0.017) to 720")
            }
        }

        struct Output: Encodable {
            var id: String
            var code: String
            var description: String
            var expiresAt: String
        }

        func run() async throws {
            let logger = database.makeLogger()
            let output = try await Storage.withOpen(database.location, logger: logger) { storage in
                let accounts = AccountService(storage: storage, passwords: PasswordHasher(), clock: .system)
                let issued = try await EnrollmentService(storage: storage, clock: .system).create(
                    accountID: try await accounts.accountID(forEmail: email), description: description,
                    expireAfter: Int((expiresHours * 3600).rounded()))
                return Output(
                    id: issued.record.id, code: issued.code, description: issued.record.description,
                    expiresAt: timestamp(issued.record.expiresAt))
            }
            try printJSON(output)
        }
    }
}
