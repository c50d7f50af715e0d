import ArgumentParser
import Foundation
import PrintCloudClient

/// `printcloud-client printers`: what would be reported.
struct PrintersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printers",
        abstract: "List the local printers with the capabilities and state that would be reported.")

    func run() async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(try await CUPSBackend().printers()), as: UTF8.self))
    }
}
