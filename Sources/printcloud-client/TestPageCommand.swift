import ArgumentParser
import Foundation
import Logging
import PrintCloudClient
import PrintCloudProtocol
import Synchronization

/// `printcloud-client test-page`: prints a page through the same path a job takes, without the server.
struct TestPageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-page",
        abstract: "Print a test page on a printer (the default one unless named), as a job would be printed.",
        discussion: """
            The page goes through CUPS as PrintCloud jobs do, and the command waits until the printer has it: \
            exit 0 once completed, 1 with the reason otherwise. It appears in `status`'s last jobs.
            """)

    @Argument(help: "The printer, as `printcloud-client printers` names it. Default: the default printer.")
    var printer: String?

    @OptionGroup var paths: ClientPaths

    func run() async throws {
        try paths.prepare()
        let backend = CUPSBackend()
        let name: String
        if let printer {
            name = printer
        } else {
            guard let found = try await backend.printers().first(where: { $0.isDefault == true }) else {
                print("No default printer: name one (`printcloud-client printers` lists them)")
                throw ExitCode.failure
            }
            name = found.name
        }
        let computer = (try? ClientConfig.load(from: paths.configPath))?.computerName
        let id = "test-page-" + UUID().uuidString.prefix(8).lowercased()
        let page = TestPage.pdf(lines: [
            "PrintCloud test page", "Printer: \(name)", "Computer: \(computer ?? ProcessInfo.processInfo.hostName)",
            "Printed: \(Date().formatted(.iso8601))", "Client version: \(PrintCloudVersion.current)",
        ])
        var logger = Logger(label: "printcloud-client")
        logger.logLevel = .warning
        let runner = JobRunner(
            backend: backend,
            ledger: try JobLedger(path: paths.ledgerPath),
            fetcher: DocumentFetcher(server: "http://127.0.0.1:1", apiKey: ""), logger: logger)
        let job = PrintJobPayload(
            id: id, printerName: name, contentType: .pdfBase64, content: page.base64EncodedString(),
            title: "PrintCloud test page", options: PrintOptions(), qty: 1)
        let last = Mutex<(JobState, String?)?>(nil)
        await runner.run(job) { state, message in last.withLock { $0 = (state, message) } }
        guard last.withLock({ $0?.0 }) == .completed else {
            let reason = last.withLock { $0?.1 } ?? "no answer from the print system"
            print("Test page \(id) on \(name) failed: \(reason)")
            throw ExitCode.failure
        }
        print("Test page \(id) printed on \(name)")
    }
}
