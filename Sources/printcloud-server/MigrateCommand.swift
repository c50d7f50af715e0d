import ArgumentParser
import Logging
import PrintCloudServer

/// `printcloud-server migrate`: applies pending migrations and exits (`serve` also does this at start).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending database migrations and exit.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = database.makeLogger()
        try await Storage.withOpen(database.location, logger: logger) { _ in }
        logger.info("database is up to date", metadata: ["database": "\(database.location)"])
    }
}
