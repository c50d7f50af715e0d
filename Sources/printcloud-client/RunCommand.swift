import ArgumentParser
import Foundation
import Logging
import PrintCloudClient
import ServiceLifecycle
import UnixSignals

/// `printcloud-client run`: serves jobs until SIGINT or SIGTERM.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Connect to the server and print the jobs it sends, until stopped.")

    @OptionGroup var paths: ClientPaths

    @Option(help: "Server URL (instead of the config file's).")
    var server: String?

    @Option(help: "API key (instead of the config file's).")
    var apiKey: String?

    @Option(help: "This computer's name (instead of the config file's).")
    var name: String?

    @Option(help: "Seconds between checks of the local printers for changes.")
    var printerPollInterval = 10

    func run() async throws {
        try paths.prepare()
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "printcloud-client")
        let path = paths.configPath
        var settings: ClientConfig
        if let server, let apiKey {
            settings =
                (try? ClientConfig.load(from: path))
                ?? ClientConfig(server: server, apiKey: apiKey, computerName: ProcessInfo.processInfo.hostName)
            settings.server = server
            settings.apiKey = apiKey
        } else {
            do {
                settings = try ClientConfig.load(from: path)
            } catch {
                throw ValidationError(
                    "no config at \(path): run `printcloud-client login` first, or give --server and --api-key")
            }
        }
        if let name { settings.computerName = name }

        guard let faults = FaultPoint.fromEnvironment() else {
            let steps = FaultPoint.Step.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("\(FaultPoint.variable) names no hand-off step (one of: \(steps))")
        }
        if let step = faults.step {
            logger.warning(
                "test fault point armed: the client kills itself at this step", metadata: ["step": "\(step.rawValue)"])
        }
        let ledger = try JobLedger(path: paths.ledgerPath)
        let backend = CUPSBackend(sharedPrinters: settings.sharedPrinters.map(Set.init), faults: faults)
        let runner = JobRunner(
            backend: backend, ledger: ledger,
            fetcher: DocumentFetcher(server: settings.server, apiKey: settings.apiKey, policy: settings.downloadPolicy),
            faults: faults, logger: logger)
        let saved = settings
        let connection = ClientConnection(
            config: settings, backend: backend, runner: runner, printerPollInterval: .seconds(printerPollInterval),
            onComputerID: { id in
                guard saved.computerId != id, FileManager.default.fileExists(atPath: path) else { return }
                var updated = saved
                updated.computerId = id
                do {
                    try updated.save(to: path)
                } catch {
                    logger.error(
                        "the computer id could not be saved: the next sign-in may make a new computer",
                        metadata: ["config": "\(path)", "error": "\(error)"])
                }
            }, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: ConnectionService(connection: connection))],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("starting", metadata: ["server": "\(settings.server)", "computer": "\(settings.computerName)"])
        if let url = URL(string: settings.server), let unusable = Proxy.unusableSetting(for: url) {
            logger.warning(
                "the proxy setting is not an http:// proxy, so the server is reached directly",
                metadata: ["setting": "\(unusable)"])
        }
        try await group.run()
    }
}

/// The connection loop as a service, so SIGINT and SIGTERM stop it.
struct ConnectionService: Service {
    let connection: ClientConnection

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await connection.run()
        }
    }
}
