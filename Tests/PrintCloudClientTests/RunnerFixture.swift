import Foundation
import Logging
import PrintCloudClient
import PrintCloudProtocol
import PrintCloudTestSupport

/// A runner over a `FakeBackend` and a ledger in a temporary folder, for the runner's and the lanes' tests.
struct RunnerFixture {
    let backend: FakeBackend
    let ledger: JobLedger
    let fetcher: DocumentFetcher
    let logger: Logger

    /// A runner on this fixture's backend and ledger: a second one is the client restarted.
    func runner(faults: FaultPoint = .none, now: @escaping @Sendable () -> Date = Date.init) -> JobRunner {
        JobRunner(
            backend: backend, ledger: ledger, fetcher: fetcher, pollInterval: .milliseconds(5), faults: faults,
            now: now, logger: logger)
    }

    static func with(
        downloadTimeout: Int64 = 1, downloadPolicy: AddressPolicy = AddressPolicy(),
        _ body: (RunnerFixture) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            var logger = Logger(label: "runner-test")
            logger.logLevel = .critical
            var fetcher = DocumentFetcher(server: "http://127.0.0.1:1", apiKey: "k", policy: downloadPolicy)
            // AsyncHTTPClient retries a refused connection until the deadline.
            fetcher.timeout = .seconds(downloadTimeout)
            try await body(
                RunnerFixture(
                    backend: FakeBackend(),
                    ledger: try JobLedger(path: directory.appendingPathComponent("ledger.sqlite").path),
                    fetcher: fetcher, logger: logger))
        }
    }

    /// A small raw job ("^XA").
    static func job(
        id: String = "pj_1", printer: String = "Office", qty: Int = 1, contentType: ContentType = .rawBase64,
        content: String = "XlhB", options: PrintOptions = .init(), expiresAt: String? = nil
    ) -> PrintJobPayload {
        PrintJobPayload(
            id: id, printerName: printer, contentType: contentType, content: content, title: "Invoice",
            options: options, qty: qty, expiresAt: expiresAt)
    }
}

/// Stands for the process dying at a fault point: the runner leaves a cancelled run to the next connection
/// without touching the ledger, as a killed client would.
let crash = { @Sendable (_: FaultPoint.Step) throws in throw CancellationError() }
