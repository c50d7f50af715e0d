import Foundation
import PrintCloudTestSupport
import Testing

/// Queues through the real server, the real desktop client and the CUPS sandbox's raw Queue printer, whose
/// jobs are kept as out/queue/job-N.raw in the order they arrived. Each test's documents carry a marker of
/// their own, so that the tests' jobs are told apart.
@Suite(.serialized, .timeLimit(.minutes(15))) struct QueueTests {
    let http = DurabilityTests()

    /// A server (expiry swept every second) and its key, for `body`.
    func withServer(_ body: (DurabilityTests.Running, String, URL) async throws -> Void) async throws {
        guard TestCUPS.available(fail: { Issue.record(Comment(rawValue: $0)) }) != nil else { return }
        try await withTemporaryDirectory { directory in
            try await http.withServer(in: directory, arguments: ["--queue-sweep-interval", "1"]) { server in
                let keyLine = try await server.process.line(containing: "API key")
                let key = try #require(keyLine.split(separator: " ").last.map(String.init))
                try await body(server, key, directory)
            }
        }
    }

    /// Starts `printcloud-client run` on `directory`'s config and ledger, with `environment` added.
    func startClient(
        _ server: DurabilityTests.Running, key: String, directory: URL, environment: [String: String] = [:]
    ) async throws -> ServerProcess {
        try await ServerProcess(
            [
                "run", "--server", server.baseURL, "--api-key", key, "--name", "Queue-PC",
                "--config", directory.appendingPathComponent("client.json").path,
                "--ledger", directory.appendingPathComponent("ledger.sqlite").path,
            ],
            in: directory, executable: EndToEndPrintingTests.clientBinary, environment: environment)
    }

    /// The Queue printer's id, once a client has reported it.
    func queuePrinter(_ server: DurabilityTests.Running, key: String) async throws -> String {
        try await EndToEndPrintingTests().printerID("Queue", server: server.baseURL, key: key)
    }

    /// Posts a raw job whose document is `text`; its id.
    func post(
        _ text: String, printer: String, server: DurabilityTests.Running, key: String, extra: String = ""
    ) async throws -> String {
        let content = Data(text.utf8).base64EncodedString()
        let created = try await http.send(
            .POST, server.baseURL + "/api/printjobs", key: key,
            json: #"{"printerId": "\#(printer)", "contentType": "raw_base64", "content": "\#(content)"\#(extra)}"#)
        #expect(created.status == 201, "\(created.body)")
        return try JSONDecoder().decode(String.self, from: Data(created.body.utf8))
    }

    func job(_ id: String, server: DurabilityTests.Running, key: String) async throws -> [String: Any] {
        let response = try await http.send(.GET, server.baseURL + "/api/printjobs/\(id)", key: key)
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
    }

    /// How many of the printer's jobs are in `state`.
    func count(_ state: String, printer: String, server: DurabilityTests.Running, key: String) async throws -> Int {
        let response = try await http.send(
            .GET, server.baseURL + "/api/printjobs?limit=1000&state=\(state)&printerId=\(printer)", key: key)
        return (try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [Any])?.count ?? 0
    }

    /// The documents carrying `marker` that the Queue printer received, in the order it received them.
    static func printed(_ marker: String) throws -> [String] {
        let cups = try #require(TestCUPS.available { _ in })
        let files = try cups.received(by: "Queue").filter { $0.pathExtension == "raw" }
        let numbered = files.compactMap { file -> (Int, URL)? in
            let name = file.deletingPathExtension().lastPathComponent
            return Int(name.dropFirst("job-".count)).map { ($0, file) }
        }
        return try numbered.sorted { $0.0 < $1.0 }.map { String(decoding: try Data(contentsOf: $0.1), as: UTF8.self) }
            .filter { $0.hasPrefix(marker) }
    }

    static func marker() -> String { "queue-\(UUID().uuidString.prefix(8))" }

    @Test func jobsForOnePrinterComeOutInTheOrderTheyWereAccepted() async throws {
        try await withServer { server, key, directory in
            let client = try await startClient(server, key: key, directory: directory)
            try await client.stopped {
                let printer = try await queuePrinter(server, key: key)
                let marker = Self.marker()
                for index in 0..<200 {
                    _ = try await post("\(marker) \(index)\n", printer: printer, server: server, key: key)
                }
                try await eventually(within: 300, "200 jobs completed") {
                    try await count("completed", printer: printer, server: server, key: key) == 200
                }
                #expect(try await count("error", printer: printer, server: server, key: key) == 0)
                #expect(try Self.printed(marker) == (0..<200).map { "\(marker) \($0)\n" })
            }
        }
    }

    /// 1,000 jobs queued while the client is stopped drain once it starts: every one `completed` (CUPS keeps
    /// 500 jobs of history, so it forgets most of them), in order, and the server never lets the client hold
    /// more than the window: a job is sent only after the job a window before it finished.
    @Test func aThousandJobsQueuedOfflineDrainInOrderWithinTheWindow() async throws {
        try await withServer { server, key, directory in
            let first = try await startClient(server, key: key, directory: directory)
            let printer = try await first.stopped { try await queuePrinter(server, key: key) }
            let marker = Self.marker()
            var ids: [String] = []
            for index in 0..<1000 {
                ids.append(try await post("\(marker) \(index)\n", printer: printer, server: server, key: key))
            }
            let start = ContinuousClock.now
            let client = try await startClient(server, key: key, directory: directory)
            try await client.stopped {
                try await eventually(within: 600, "1,000 jobs completed") {
                    try await count("completed", printer: printer, server: server, key: key) == 1000
                }
            }
            print("1,000 queued jobs drained in \(start.duration(to: .now)) (not asserted: speed is benchmarked)")
            #expect(try await count("error", printer: printer, server: server, key: key) == 0)
            #expect(try Self.printed(marker) == (0..<1000).map { "\(marker) \($0)\n" })

            var sent: [String] = []
            var completed: [String] = []
            for id in ids {
                let states = try #require(try await job(id, server: server, key: key)["states"] as? [[String: Any]])
                sent.append(try #require(states.first { $0["state"] as? String == "sent" }?["at"] as? String))
                completed.append(try #require(states.first { $0["state"] as? String == "completed" }?["at"] as? String))
            }
            // Timestamps of one format compare as text.
            let window = 4
            for index in window..<ids.count {
                #expect(
                    sent[index] >= completed[index - window],
                    "job \(index) was sent before job \(index - window) finished")
            }
        }
    }

    /// The client killed at each step of handing a job to CUPS still prints each copy exactly once after a
    /// restart on the same ledger.
    @Test(arguments: ["before-create", "after-create", "mid-document", "after-document", "after-handover"])
    func aClientKilledAtAnyStepOfTheHandOverPrintsEveryCopyOnce(step: String) async throws {
        try await withServer { server, key, directory in
            let first = try await startClient(server, key: key, directory: directory)
            let printer = try await first.stopped { try await queuePrinter(server, key: key) }
            let marker = Self.marker()
            let faulty = try await startClient(
                server, key: key, directory: directory, environment: ["PRINTCLOUD_CLIENT_FAULT": step])
            let id = try await post(
                "\(marker) \(String(repeating: "x", count: 64 * 1024))\n", printer: printer, server: server, key: key,
                extra: #", "qty": 2"#)
            #expect(try await faulty.exitStatus() == 128 + SIGKILL, "the client was not killed at \(step)")

            let restarted = try await startClient(server, key: key, directory: directory)
            try await restarted.stopped {
                try await eventually(within: 120, "completed after the restart") {
                    try await job(id, server: server, key: key)["state"] as? String == "completed"
                }
            }
            #expect(try Self.printed(marker).count == 2, "copies printed after a kill at \(step)")
        }
    }

    /// A job that waited past its expiry while its computer was off ends `error` "expired" and never prints;
    /// a job queued after it does.
    @Test func anExpiredJobIsNeverPrinted() async throws {
        try await withServer { server, key, directory in
            let first = try await startClient(server, key: key, directory: directory)
            let printer = try await first.stopped { try await queuePrinter(server, key: key) }
            let marker = Self.marker()
            let expiring = try await post(
                "\(marker) expiring\n", printer: printer, server: server, key: key, extra: #", "expireAfter": 1"#)
            try await eventually(within: 60, "expired") {
                try await job(expiring, server: server, key: key)["state"] as? String == "error"
            }
            let states = try #require(try await job(expiring, server: server, key: key)["states"] as? [[String: Any]])
            #expect(states.last?["message"] as? String == "expired")
            let later = try await post("\(marker) later\n", printer: printer, server: server, key: key)

            let client = try await startClient(server, key: key, directory: directory)
            try await client.stopped {
                try await eventually(within: 60, "the later job completed") {
                    try await job(later, server: server, key: key)["state"] as? String == "completed"
                }
            }
            #expect(try Self.printed(marker) == ["\(marker) later\n"])
        }
    }
}
