import ArgumentParser
import Foundation
import PrintCloudClient

/// `printcloud-client printers`: what would be reported.
struct PrintersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printers",
        abstract: "List the local printers with the capabilities and state that would be reported.")

    @Option(help: "Config file, for its list of shared printers. Default: $XDG_CONFIG_HOME/printcloud/client.json.")
    var config: String?

    func run() async throws {
        // Without a config (not logged in yet) every printer would be shared.
        let shared = (try? ClientConfig.load(from: config ?? ClientConfig.defaultPath))?.sharedPrinters
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let printers = try await CUPSBackend(sharedPrinters: shared.map(Set.init)).printers()
        print(String(decoding: try encoder.encode(printers), as: UTF8.self))
    }
}
