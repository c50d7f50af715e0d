import Foundation
import PrintCloudTestSupport
import Testing

/// The published JavaScript examples run in a real browser, from a page of another origin than the API: with
/// `--cors-origin` naming that page they work; without it the browser refuses them and nothing is created.
/// Serialized: one Chromium at a time is plenty for two cores.
@Suite(.serialized, .timeLimit(.minutes(10))) struct CORSBrowserTests {
    let http = DurabilityTests()

    /// The examples for `GET /api/printers` and `POST /api/printjobs`, as published, with this test's server, key
    /// and printer taken from the page's query; the outcome is `window.outcome` and the page's text.
    static let page = """
        <!DOCTYPE html>
        <meta charset="utf-8">
        <title>PrintCloud from another origin</title>
        <pre id="outcome">running</pre>
        <script>
        const query = new URLSearchParams(location.search);
        const api = query.get('api'), key = query.get('key'), printerId = query.get('printer');

        async function call(send) {
          try {
            const response = await send();
            const limit = response.headers.get('X-RateLimit-Limit');
            return { status: response.status, limit: limit, data: await response.json() };
          } catch (error) {
            return { error: String(error) };
          }
        }

        window.outcome = (async () => {
          const printers = await call(() => fetch(api + '/api/printers', {
            headers: {
              'Authorization': 'Basic ' + btoa(key + ':')
            }
          }));
          const job = await call(() => fetch(api + '/api/printjobs', {
            method: 'POST',
            headers: {
              'Authorization': 'Basic ' + btoa(key + ':'),
              'Content-Type': 'application/json'
            },
            body: JSON.stringify({
              printerId: printerId,
              contentType: 'pdf_uri',
              content: 'https://example.com/invoice.pdf',
              title: 'Invoice #456',
              options: {
                copies: 2,
                duplex: 'long-edge',
                color: false
              }
            })
          }));
          const outcome = { printers: printers, job: job };
          document.getElementById('outcome').textContent = JSON.stringify(outcome);
          return outcome;
        })();
        </script>
        """

    struct Outcome {
        let printers: [String: Any]
        let job: [String: Any]
        let server: String
        let key: String
    }

    /// Serves the page from `http://localhost:PORT`, starts the API on `http://127.0.0.1:PORT2` with `arguments`
    /// (given the page's origin) and a computer with one printer, and returns what the page saw.
    func runPage(serverArguments arguments: (String) -> [String], _ check: (Outcome) async throws -> Void)
        async throws
    {
        guard let driver = HeadlessChromium.driver(fail: { Issue.record(Comment(rawValue: $0)) }) else { return }
        let python = try #require(HeadlessChromium.executable("python3"), "python3 serves the page")
        try await withTemporaryDirectory { directory in
            let site = directory.appendingPathComponent("site")
            try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
            try Data(Self.page.utf8).write(to: site.appendingPathComponent("examples.html"))
            // Unbuffered, so that the line with its port arrives while it runs.
            let pageServer = try await ServerProcess(
                ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", site.path], in: directory,
                executable: python)
            let api = try await ServerProcess(
                ["serve", "--port", "0", "--database", "cors.sqlite", "--rate-limit", "50"]
                    + arguments(try await Self.origin(of: pageServer)), in: directory)
            do {
                let origin = try await Self.origin(of: pageServer)
                let server = try await api.announced("listening on ")
                let key = try await api.announced("API key")
                let computer = try await DesktopClient.signIn(baseURL: server, key: key, printers: ["Zebra"])
                let printer = try await computer.printerID(named: "Zebra", baseURL: server, key: key, http)
                var query = URLComponents()
                query.queryItems = [
                    .init(name: "api", value: server), .init(name: "key", value: key),
                    .init(name: "printer", value: printer),
                ]
                var result: Any = NSNull()
                try await HeadlessChromium.with(driver: driver, in: directory) { browser in
                    try await browser.open(origin + "/examples.html" + (query.string ?? ""))
                    result = try await browser.runAsync(
                        "const done = arguments[arguments.length - 1]; window.outcome.then(done);")
                }
                try await check(try Self.outcome(result, server: server, key: key))
                try await computer.close()
                try await api.terminate()
                try await pageServer.terminate()
            } catch {
                try? await api.terminate()
                try? await pageServer.terminate()
                throw error
            }
        }
    }

    /// What `window.outcome` resolved to, as WebDriver returned it.
    static func outcome(_ result: Any, server: String, key: String) throws -> Outcome {
        guard let outcome = result as? [String: Any], let printers = outcome["printers"] as? [String: Any],
            let job = outcome["job"] as? [String: Any]
        else { throw ProcessError(message: "the page gave no outcome: \(result)") }
        return Outcome(printers: printers, job: job, server: server, key: key)
    }

    /// `http://localhost:PORT` of the page server: `localhost`, not the API's `127.0.0.1`, so that even the host
    /// differs.
    static func origin(of pageServer: ServerProcess) async throws -> String {
        let line = try await pageServer.line(containing: "Serving HTTP on")
        let port = try #require(line.firstMatch(of: /port (\d+)/)?.output.1)
        return "http://localhost:\(port)"
    }

    @Test func thePublishedExamplesWorkFromAnAllowedOrigin() async throws {
        try await runPage(serverArguments: { ["--cors-origin", $0] }) { outcome in
            #expect(outcome.printers["status"] as? Int == 200, "\(outcome.printers)")
            let printers = try #require(outcome.printers["data"] as? [[String: Any]])
            #expect(printers.map { $0["name"] as? String } == ["Zebra"])
            #expect(outcome.printers["limit"] as? String == "50", "the rate-limit headers are exposed to the page")

            #expect(outcome.job["status"] as? Int == 201, "\(outcome.job)")
            let id = try #require(outcome.job["data"] as? String)
            #expect(id.hasPrefix("pj_"))
            let stored = try await http.send(.GET, outcome.server + "/api/printjobs/\(id)", key: outcome.key)
            #expect(stored.status == 200)
            #expect(stored.body.contains(#""title":"Invoice #456""#), "\(stored.body)")
        }
    }

    @Test func withoutCORSOriginTheBrowserRefusesTheCallsAndNoJobIsCreated() async throws {
        try await runPage(serverArguments: { _ in [] }) { outcome in
            #expect(outcome.printers["error"] as? String == "TypeError: Failed to fetch", "\(outcome.printers)")
            #expect(outcome.job["error"] as? String == "TypeError: Failed to fetch", "\(outcome.job)")
            let jobs = try await http.send(.GET, outcome.server + "/api/printjobs", key: outcome.key)
            #expect(jobs.status == 200)
            #expect(jobs.body == "[]")
        }
    }
}
