import ArgumentParser
import PrintCloudProtocol

/// `printcloud-server`: the PrintCloud server and its administration commands.
@main
struct PrintCloudServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printcloud-server",
        abstract: "PrintCloud: a self-hostable cloud printing server.",
        discussion: """
            Start with `printcloud-server serve`: on an empty database it creates an initial account and \
            prints its email, password and API key once.
            """,
        version: PrintCloudVersion.current,
        subcommands: [
            ServeCommand.self, UsersCommand.self, KeysCommand.self, MigrateCommand.self, JobsCommand.self,
            ComputersCommand.self, WebhooksCommand.self, EnrollmentCodesCommand.self,
        ]
    )
}
