import Foundation
import PrintCloudTestSupport
import Testing

/// Schemathesis (PyPI) as judge: it generates requests for every operation of the server's own OpenAPI
/// document, valid and invalid, and checks every answer: no 5xx, status codes, content types, headers and
/// bodies as documented, invalid input refused, valid input accepted. It runs against a real server process on
/// each engine, with data to reach past the 404s: a signed-in desktop client with printers, jobs, a webhook
/// and a second key, whose ids the fuzzer is given. `PRINTCLOUD_FUZZ_EXAMPLES` sets the examples per
/// operation and phase (`scripts/fuzz` runs a long one), `PRINTCLOUD_FUZZ_SEED` the seed. One engine at a time: a fuzzer and a server each keep
/// a core busy.
@Suite(.serialized, .timeLimit(.minutes(60))) struct APIFuzzTests {
    let http = DurabilityTests()

    /// A fixed budget in the suite; `scripts/fuzz` raises it.
    static var examples: Int {
        ProcessInfo.processInfo.environment["PRINTCLOUD_FUZZ_EXAMPLES"].flatMap(Int.init) ?? 8
    }

    /// The suite draws the same cases on every machine, so that CI judges what was judged here; `scripts/fuzz`
    /// draws new ones (`random`), and schemathesis prints the seed of a run to repeat it.
    static var seed: String {
        ProcessInfo.processInfo.environment["PRINTCLOUD_FUZZ_SEED"] ?? "20261202"
    }

    /// The hooks that keep webhooks on loopback and page ranges in order (`Tests/Fuzz/hooks.py`).
    static let hook = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/hooks.py")

    @Test(arguments: TestEngine.allCases)
    func theFuzzerFindsNoFailure(_ engine: TestEngine) async throws {
        guard let schemathesis = HeadlessChromium.executable("schemathesis") else {
            recordMissing("schemathesis is not installed: run scripts/test, which installs it")
            return
        }
        switch engine {
        case .sqlite:
            try await withTemporaryDirectory { directory in
                try await fuzz(database: "fuzz.sqlite", in: directory, with: schemathesis)
            }
        case .postgres:
            try await TestPostgres.withDatabase { url in
                try await withTemporaryDirectory { directory in
                    try await fuzz(database: url, in: directory, with: schemathesis)
                }
            }
        }
    }

    func fuzz(database: String, in directory: URL, with schemathesis: URL) async throws {
        let receiver = try await WebhookReceiver.start()
        // The fuzzer may register webhooks on any loopback port; the hook moves them all to the receiver.
        let server = try await ServerProcess(
            ["serve", "--port", "0", "--database", database, "--rate-limit", "0", "--allow-private-webhooks"],
            in: directory)
        do {
            let base = try await server.announced("listening on ")
            let key = try await server.announced("API key")
            let password = try await server.announced("password")
            let data = try await FuzzData.make(base: base, key: key, receiver: receiver, http)

            let config = directory.appendingPathComponent("schemathesis.toml")
            try data.configuration(password: password, hook: Self.hook.path).write(
                to: config, atomically: true, encoding: .utf8)
            let seed = Self.seed == "random" ? [] : ["--seed", Self.seed]
            let run = try await ServerProcess(
                [
                    "--config-file", config.path, "run", base + "/api/openapi.json", "--url", base,
                    "--auth", "\(key):", "--checks", "all", "--max-examples", "\(Self.examples)", "--workers", "1",
                    "--request-timeout", "30", "--no-color",
                ] + seed, in: directory, executable: schemathesis,
                environment: [
                    "PRINTCLOUD_FUZZ_WEBHOOK_ORIGIN": "http://127.0.0.1:\(receiver.port)",
                    "PRINTCLOUD_FUZZ_OWN_KEY_ID": data.ownKeyID,
                ])
            let status = try await run.exitStatus(timeout: 3000)
            let output = run.standardOutput + run.standardError
            // The figures, for the README and the long run.
            let summary = output.split(separator: "\n").filter { $0.contains("generated") || $0.contains(" in ") }
            print("schemathesis on \(database.hasPrefix("postgres") ? "postgres" : "sqlite"): \(summary.suffix(3))")
            #expect(status == 0, "schemathesis found failures:\n\(output.suffix(20_000))")
            #expect(output.contains("generated"), "\(output.suffix(5_000))")

            // The server lived through it, and still answers.
            #expect(try await http.send(.GET, base + "/api/whoami", key: key).status == 200)
            #expect(!server.standardError.contains("Fatal error"), "\(server.standardError.suffix(5_000))")
            try await data.computer.close()
            try await server.terminate()
        } catch {
            try? await server.terminate()
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }
}
