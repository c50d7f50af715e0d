import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PrintCloudProtocol
import PrintCloudTestSupport
import Subprocess
import SystemPackage
import Testing

/// What an operator runs on, against the real binary: `/metrics` on its own address, `/readyz`, JSON logs with
/// request ids.
@Suite(.timeLimit(.minutes(10))) struct OperationsTests {
    let http = DurabilityTests()

    /// Drives one job to `completed`, one webhook delivery that fails once, one bad WebSocket message and at
    /// least one 429, then scrapes: each counter moved by exactly what happened, and `promtool` finds the
    /// output clean.
    @Test(arguments: TestEngine.allCases)
    func metricsCountWhatHappened(_ engine: TestEngine) async throws {
        let receiver = try await WebhookReceiver.start(statuses: [500])
        try await engine.withDatabase { database in
            try await withTemporaryDirectory { directory in
                let server = try await ServerProcess(
                    [
                        "serve", "--port", "0", "--database", database, "--allow-private-webhooks",
                        "--metrics-address", "127.0.0.1:0", "--rate-limit", "3",
                    ], in: directory)
                try await server.stopped {
                    let base = try await server.announced("listening on ")
                    let metrics = try await server.announced("metrics on ")
                    let key = try await server.announced("API key")
                    var limited = 0
                    /// Sends until the rate limit lets it through (its bucket refills as time passes), counting the 429s.
                    func send(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> (Int, String) {
                        var answer = (status: 0, body: "")
                        try await eventually("the rate limit lets \(method) \(path) through") {
                            answer = try await http.send(method, base + path, key: key, json: json)
                            if answer.status == 429 { limited += 1 }
                            return answer.status != 429
                        }
                        return answer
                    }

                    let hook = try await send(
                        .POST, "/api/webhooks", json: #"{"url":"\#(receiver.url)","events":["computer.connected"]}"#)
                    #expect(hook.0 == 201, "\(hook.1)")
                    let client = try await DesktopClient.signIn(baseURL: base, key: key)
                    let printers = try await send(.GET, "/api/printers")
                    let printer = try #require(
                        (try JSONSerialization.jsonObject(with: Data(printers.1.utf8)) as? [[String: Any]])?.first?[
                            "id"]
                            as? String)
                    let created = try await send(
                        .POST, "/api/printjobs",
                        json: #"{"printerId":"\#(printer)","contentType":"raw_base64","content":"SGVsbG8="}"#)
                    #expect(created.0 == 201, "\(created.1)")
                    let jobID = try JSONDecoder().decode(String.self, from: Data(created.1.utf8))
                    _ = try await client.job(jobID)
                    // The server records `sent` after writing the frame; a report before that would overtake it.
                    try await eventually("the job is sent") {
                        try await send(.GET, "/api/printjobs/\(jobID)").1.contains(#""state":"sent""#)
                    }
                    try await client.send(.jobState(.init(jobId: jobID, state: .printing)))
                    try await client.send(.jobState(.init(jobId: jobID, state: .completed)))
                    try await client.send(.printers([PrinterReport(name: String(repeating: "x", count: 300))]))
                    _ = try await client.log.first("the error for the bad message") {
                        if case .error = $0 { true } else { nil }
                    }
                    try await eventually("the job is completed") {
                        try await send(.GET, "/api/printjobs/\(jobID)").1.contains(#""state":"completed""#)
                    }
                    try await eventually(within: 30, "the webhook's retry arrives") {
                        await receiver.requests.count == 2
                    }
                    // A burst past 3 a second: at least one 429.
                    for _ in 0..<6 {
                        if try await http.send(.GET, base + "/api/whoami", key: key).status == 429 { limited += 1 }
                    }
                    #expect(limited > 0)

                    var values: [String: Double] = [:]
                    try await eventually("the delivery's success is recorded") {
                        values = PrometheusText.values(try await Self.get(metrics))
                        return values[#"printcloud_webhook_deliveries_total{outcome="succeeded"}"#] == 1
                    }
                    #expect(values["printcloud_jobs_created_total"] == 1)
                    for state in ["sent", "printing", "completed"] {
                        #expect(values[#"printcloud_job_transitions_total{state="\#(state)"}"#] == 1, "\(state)")
                    }
                    #expect(values["printcloud_job_time_to_sent_seconds_count"] == 1)
                    #expect(values["printcloud_job_time_to_completed_seconds_count"] == 1)
                    #expect(values[#"printcloud_webhook_deliveries_total{outcome="retrying"}"#] == 1)
                    #expect(values[#"printcloud_webhook_deliveries_total{outcome="failed"}"#] == nil)
                    #expect(values["printcloud_webhook_outbox_pending"] == 0)
                    #expect(values["printcloud_websocket_bad_messages_total"] == 1)
                    #expect(values["printcloud_http_rate_limited_total"] == Double(limited))
                    #expect(values["printcloud_computers_connected"] == 1)
                    #expect(values["printcloud_websockets_open"] == 1)
                    #expect(values["printcloud_jobs_queued_offline"] == 0)
                    #expect(
                        values[#"printcloud_http_requests_total{route="/api/printjobs",method="POST",status="201"}"#]
                            == 1)
                    #expect(values["printcloud_login_failures_total"] == 0)
                    // Every stored call was timed on this engine.
                    #expect(
                        values.keys.contains {
                            $0.hasPrefix("printcloud_database_duration_seconds_count{engine=\"\(engine)\"")
                        })

                    let text = try await Self.get(metrics)
                    try await Self.promtoolFindsNoProblem(in: text, directory: directory)
                    try Self.deployFilesNameOnlyMetricsIn(text)
                    try await client.close()
                }
            }
        }
        await receiver.stop()
    }

    /// `/readyz` follows the database: `503` while PostgreSQL is stopped, `200` once it is back; `/healthz` stays
    /// `200` all along. A private PostgreSQL, so that stopping it stops no other test's.
    @Test func readinessFollowsTheDatabase() async throws {
        guard TestPostgres.baseURL != nil else {
            recordMissing("PostgreSQL is not installed: run scripts/test, which installs it")
            return
        }
        try await withTemporaryDirectory { directory in
            let sandbox = directory.appendingPathComponent("pg").path
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
            let url = try await Self.sandbox("start", sandbox)
            // Stopped again on the way out, also when the test fails: no PostgreSQL outlives it.
            do {
                try await readinessFollows(sandbox: sandbox, url: url, in: directory)
            } catch {
                _ = try? await Self.sandbox("stop", sandbox)
                throw error
            }
            _ = try await Self.sandbox("stop", sandbox)
        }
    }

    private func readinessFollows(sandbox: String, url: String, in directory: URL) async throws {
        let server = try await ServerProcess(
            ["serve", "--port", "0", "--database", url, "--metrics-address", "127.0.0.1:0"], in: directory)
        try await server.stopped {
            let base = try await server.announced("listening on ")
            let metrics = try await server.announced("metrics on ")
                .replacingOccurrences(of: "/metrics", with: "")
            for origin in [base, metrics] {
                #expect(try await Self.status(origin + "/readyz") == 200)
            }
            _ = try await Self.sandbox("stop", sandbox)
            try await eventually("readyz says 503") { try await Self.status(base + "/readyz") == 503 }
            #expect(try await Self.status(metrics + "/readyz") == 503)
            #expect(try await Self.status(base + "/healthz") == 200)
            _ = try await Self.sandbox("start", sandbox)
            try await eventually(within: 60, "readyz says 200 again") {
                try await Self.status(base + "/readyz") == 200
            }
        }
    }

    /// SIGTERM with `--shutdown-delay`: `/readyz` answers `503` at once while the server still serves (`/healthz`
    /// and the API answer), for a balancer to move the traffic; then the server exits 0.
    @Test func aShuttingDownServerIsNotReadyWhileItStillServes() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await ServerProcess(
                ["serve", "--port", "0", "--database", "drain.sqlite", "--shutdown-delay", "5"], in: directory)
            try await server.stopped {
                let base = try await server.announced("listening on ")
                let key = try await server.announced("API key")
                #expect(try await Self.status(base + "/readyz") == 200)
                kill(server.processIdentifier, SIGTERM)
                try await eventually("readyz says 503") { try await Self.status(base + "/readyz") == 503 }
                #expect(try await Self.status(base + "/healthz") == 200)
                #expect(try await http.send(.GET, base + "/api/whoami", key: key).status == 200)
                #expect(try await server.exitStatus(timeout: 60) == 0)
                #expect(server.standardError.contains("shutting down"))
            }
        }
    }

    /// `--log-format json`: every line of standard error is one JSON object with time, level and message, and
    /// a request's lines carry its id, the one the caller sent, which the response and its error body echo.
    @Test func jsonLogLinesCarryTheRequestID() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await ServerProcess(
                ["serve", "--port", "0", "--database", "logs.sqlite", "--log-format", "json"], in: directory)
            try await server.stopped {
                let base = try await server.announced("listening on ")
                var request = HTTPClientRequest(url: base + "/api/whoami")
                request.headers.add(name: "X-Request-Id", value: "support-ticket-42")
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
                #expect(response.status.code == 401)
                #expect(response.headers.first(name: "X-Request-Id") == "support-ticket-42")
                #expect(
                    try JSONDecoder().decode(APIErrorBody.self, from: Data(body.utf8)).requestId == "support-ticket-42")
                // A made-up id that is no plain token is replaced, not echoed.
                var odd = HTTPClientRequest(url: base + "/healthz")
                odd.headers.add(name: "X-Request-Id", value: "<script>")
                let replaced = try await HTTPClient.shared.execute(odd, timeout: .seconds(30))
                #expect(replaced.headers.first(name: "X-Request-Id")?.hasPrefix("req_") == true)
            }

            let lines = server.standardError.split(separator: "\n")
            #expect(!lines.isEmpty)
            var tagged = 0
            for line in lines {
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
                #expect(object["time"] is String && object["level"] is String && object["message"] is String)
                if (object["metadata"] as? [String: Any])?["request_id"] as? String == "support-ticket-42" {
                    tagged += 1
                }
            }
            #expect(tagged == 1, "the request's log line")
        }
    }

    /// `jobs list|show`, `computers list` and `webhooks deliveries --failed` read every account's rows from the
    /// database a running server writes, as tables and as JSON.
    @Test(arguments: TestEngine.allCases)
    func adminCommandsShowWhatTheServerStored(_ engine: TestEngine) async throws {
        let receiver = try await WebhookReceiver.start(statuses: Array(repeating: 503, count: 50))
        try await engine.withDatabase { database in
            try await withTemporaryDirectory { directory in
                let server = try await ServerProcess(
                    [
                        "serve", "--port", "0", "--database", database, "--allow-private-webhooks", "--rate-limit", "0",
                        "--queue-sweep-interval", "1",
                    ],
                    in: directory)
                try await server.stopped {
                    let base = try await server.announced("listening on ")
                    let key = try await server.announced("API key")
                    let hook = try await http.send(
                        .POST, base + "/api/webhooks", key: key,
                        json: #"{"url":"\#(receiver.url)","events":["job.created"]}"#)
                    #expect(hook.status == 201, "\(hook.body)")
                    let client = try await DesktopClient.signIn(baseURL: base, key: key, computerName: "Front-Desk")
                    let printer = try await client.printerID(named: "Zebra", baseURL: base, key: key, http)
                    let created = try await http.send(
                        .POST, base + "/api/printjobs", key: key,
                        json:
                            #"{"printerId":"\#(printer)","contentType":"raw_base64","content":"SGVsbG8=","title":"Invoice 7"}"#
                    )
                    let jobID = try JSONDecoder().decode(String.self, from: Data(created.body.utf8))
                    _ = try await client.job(jobID)
                    try await eventually("the job is sent") {
                        try await http.send(.GET, base + "/api/printjobs/\(jobID)", key: key).body.contains(
                            #""state":"sent""#)
                    }
                    try await client.send(.jobState(.init(jobId: jobID, state: .completed)))
                    try await eventually("the job is completed") {
                        try await http.send(.GET, base + "/api/printjobs/\(jobID)", key: key).body.contains("completed")
                    }
                    try await eventually("the webhook failed once") { await receiver.requests.count >= 1 }

                    func command(_ arguments: [String]) async throws -> String {
                        let run = try await ServerProcess.run(arguments + ["--database", database], in: directory)
                        #expect(run.status == 0, "\(arguments): \(run.stderr)")
                        return run.stdout
                    }
                    let jobs = try await command(["jobs", "list", "--json"])
                    #expect(jobs.contains(jobID) && jobs.contains(#""state":"completed""#), "\(jobs)")
                    #expect(try await command(["jobs", "list", "--state", "pending", "--json"]) == "[]\n")
                    let table = try await command(["jobs", "list"])
                    #expect(table.hasPrefix("ID ") && table.contains("Invoice 7"), "\(table)")
                    let shown = try await command(["jobs", "show", jobID, "--json"])
                    let history = try #require(
                        (try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])?["history"]
                            as? [[String: Any]])
                    #expect(history.compactMap { $0["state"] as? String } == ["pending", "sent", "completed"])
                    let computers = try await command(["computers", "list", "--json"])
                    #expect(computers.contains(client.computerID) && computers.contains(#""state":"online""#))
                    var failing = ""
                    try await eventually("the failed attempt is recorded") {
                        failing = try await command(["webhooks", "deliveries", "--failed", "--json"])
                        return failing.contains("job.created")
                    }
                    #expect(failing.contains(#""lastStatusCode":503"#), "\(failing)")
                    // A job that failed prints again as a new job, which the running server sends within its sweep.
                    let label = try await http.send(
                        .POST, base + "/api/printjobs", key: key,
                        json:
                            #"{"printerId":"\#(printer)","contentType":"raw_base64","content":"SGVsbG8=","title":"Label"}"#
                    )
                    let failedID = try JSONDecoder().decode(String.self, from: Data(label.body.utf8))
                    _ = try await client.job(failedID)
                    try await client.send(.jobState(.init(jobId: failedID, state: .error, message: "out of paper")))
                    try await eventually("the job is in error") {
                        try await http.send(.GET, base + "/api/printjobs/\(failedID)", key: key).body.contains(
                            #""error""#)
                    }
                    let retried = try await command(["jobs", "retry", failedID]).trimmingCharacters(
                        in: .whitespacesAndNewlines)
                    #expect(retried.hasPrefix("pj_") && retried != failedID)
                    let again = try await client.job(retried)
                    #expect(again.title == "Label (retry)")
                    #expect(client.jobs.filter { $0.id == failedID }.count == 1)
                    let refused = try await ServerProcess.run(
                        ["jobs", "retry", jobID, "--database", database], in: directory)
                    #expect(refused.status == 1 && refused.stderr.contains("only a job in error"), "\(refused.stderr)")

                    let missing = try await ServerProcess.run(
                        ["jobs", "show", "pj_missing", "--database", database], in: directory)
                    #expect(missing.status == 1 && missing.stderr.contains("no print job pj_missing"))
                    try await client.close()
                }
            }
        }
        await receiver.stop()
    }

    /// The alert rules pass `promtool check rules` and their unit tests (`promtool test rules`): each alert
    /// fires on the series that should fire it, and not before.
    @Test func alertRulesPassTheirUnitTests() async throws {
        guard let promtool = HeadlessChromium.executable("promtool") else {
            recordMissing("promtool is not installed: run scripts/test, which installs Debian's prometheus package")
            return
        }
        for arguments in [
            ["check", "rules", "printcloud-alerts.yml"], ["test", "rules", "printcloud-alerts.test.yml"],
        ] {
            let result = try await Subprocess.run(
                .path(FilePath(promtool.path)), arguments: Arguments(arguments),
                workingDirectory: FilePath(Self.deploy.appendingPathComponent("prometheus").path),
                output: .string(limit: 1 << 16), error: .string(limit: 1 << 16))
            #expect(
                result.terminationStatus.isSuccess,
                "promtool \(arguments.joined(separator: " ")): \(result.standardOutput) \(result.standardError)")
        }
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let deploy = repository.appendingPathComponent("deploy")

    /// Every metric the Grafana dashboard and the alert rules name is one the server serves (`text`, scraped
    /// after every kind of event happened), so that a renamed metric cannot leave a panel or an alert blind.
    static func deployFilesNameOnlyMetricsIn(_ text: String) throws {
        var served: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("# TYPE ") {
            let parts = line.split(separator: " ")
            let name = String(parts[2])
            served.insert(name)
            if parts.last == "histogram" { served.formUnion(["_bucket", "_sum", "_count"].map { name + $0 }) }
        }
        let dashboard = try String(
            contentsOf: deploy.appendingPathComponent("grafana/printcloud-dashboard.json"), encoding: .utf8)
        let rules = try String(
            contentsOf: deploy.appendingPathComponent("prometheus/printcloud-alerts.yml"), encoding: .utf8)
        _ = try JSONSerialization.jsonObject(with: Data(dashboard.utf8))
        for (file, content) in [("dashboard", dashboard), ("alert rules", rules)] {
            let named = Set(content.matches(of: /printcloud_[a-z_]+/).map { String($0.output) })
            #expect(named.count > 3, "\(file)")
            #expect(named.subtracting(served).isEmpty, "\(file) names metrics the server does not serve")
        }
    }

    static func get(_ url: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        #expect(response.headers.first(name: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        return String(buffer: try await response.body.collect(upTo: 1 << 22))
    }

    static func status(_ url: String) async throws -> Int {
        Int(try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30)).status.code)
    }

    static let sandboxScript = repository.appendingPathComponent("scripts/pg-sandbox.sh")

    /// `scripts/pg-sandbox.sh VERB DIR`; its last line of output.
    static func sandbox(_ verb: String, _ directory: String) async throws -> String {
        let result = try await Subprocess.run(
            .path(FilePath(sandboxScript.path)), arguments: [verb, directory], output: .string(limit: 1 << 16),
            error: .string(limit: 1 << 16))
        #expect(result.terminationStatus.isSuccess, "\(result.standardError)")
        return result.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
    }

    /// `promtool check metrics` (Debian's prometheus package) reads the text as Prometheus does and lints names,
    /// help and types.
    static func promtoolFindsNoProblem(in text: String, directory: URL) async throws {
        guard let promtool = HeadlessChromium.executable("promtool") else {
            recordMissing("promtool is not installed: run scripts/test, which installs Debian's prometheus package")
            return
        }
        let file = directory.appendingPathComponent("metrics.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try await Subprocess.run(
            .path(FilePath("/bin/sh")), arguments: ["-c", "\"$0\" check metrics < \"$1\"", promtool.path, file.path],
            output: .string(limit: 1 << 16), error: .string(limit: 1 << 16))
        #expect(
            result.terminationStatus.isSuccess,
            "promtool: \(result.standardOutput) \(result.standardError)")
    }
}

/// The samples of Prometheus' text format by series (`name{labels}` as written), for tests.
enum PrometheusText {
    static func values(_ text: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            values[String(line[..<space])] = value
        }
        return values
    }
}
