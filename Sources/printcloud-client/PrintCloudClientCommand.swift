import ArgumentParser
import PrintCloudProtocol

/// `printcloud-client`: shares this computer's printers with a PrintCloud server.
@main
struct PrintCloudClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printcloud-client",
        abstract: "PrintCloud desktop client: prints the jobs a PrintCloud server sends, through CUPS.",
        discussion: """
            First `printcloud-client login --server URL --email E --password P` (or `--code CODE`, an enrollment \
            code), then `printcloud-client run`. When printing stops: `status`, then `test-page`. CUPS_SERVER \
            picks the cupsd, as for lp and lpstat.
            """,
        version: PrintCloudVersion.current,
        subcommands: [
            LoginCommand.self, RunCommand.self, PrintersCommand.self, StatusCommand.self, TestPageCommand.self,
        ]
    )
}
