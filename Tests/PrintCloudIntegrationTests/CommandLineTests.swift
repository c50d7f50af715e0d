import Foundation
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

/// The administration commands, run as the real binary.
@Suite(.timeLimit(.minutes(10))) struct CommandLineTests {
    @Test func usersCreatePrintsExactlyTheDocumentedJSON() async throws {
        try await withTemporaryDirectory { directory in
            let result = try await ServerProcess.run(
                [
                    "users", "create", "--email", "Jo@Example.com", "--password", "s3cret-pass", "--first-name", "Jo",
                    "--last-name", "Doe", "--database", "cli.sqlite",
                ],
                in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["user", "apiKey"])
            let user = try #require(object["user"] as? [String: Any])
            #expect(Set(user.keys) == ["id", "firstName", "lastName", "email"])
            #expect((user["id"] as? String)?.hasPrefix("usr_") == true)
            #expect(user["firstName"] as? String == "Jo")
            #expect(user["lastName"] as? String == "Doe")
            #expect(user["email"] as? String == "jo@example.com")
            #expect((object["apiKey"] as? String)?.hasPrefix("pk_live_") == true)
            // Logs never carry the secret.
            #expect(!result.stderr.contains(object["apiKey"] as? String ?? "-"))
            #expect(!result.stderr.contains("s3cret-pass"))
        }
    }

    /// `serve`'s timeout flags reach the server: a request head cut short gets `408` once `--header-timeout`
    /// has passed, and a timeout that is not positive is refused before anything starts.
    @Test func theTimeoutFlagsAreTheServers() async throws {
        try await withTemporaryDirectory { directory in
            for flag in ["--header-timeout", "--idle-timeout", "--websocket-close-timeout"] {
                let refused = try await ServerProcess.run(
                    ["serve", "--port", "0", "--database", "flags.sqlite", flag, "0"], in: directory)
                #expect(refused.status != 0)
                #expect(refused.stderr.contains("\(flag) must be positive"), "\(refused.stderr)")
            }
            let server = try await ServerProcess(
                [
                    "serve", "--port", "0", "--database", "flags.sqlite", "--header-timeout", "1", "--idle-timeout",
                    "1", "--websocket-close-timeout", "1",
                ], in: directory)
            try await server.stopped {
                let base = try await server.announced("listening on ")
                let port = try #require(base.split(separator: ":").last.flatMap { Int($0) })
                let socket = try connectToLoopback(port: port)
                defer { close(socket) }
                // Without the flag the server would wait 15 s, past this read's own limit of 10 s.
                let answer = exchange("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", on: socket, seconds: 10)
                #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
            }
        }
    }

    @Test func bothProgramsPrintTheOneVersion() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await ServerProcess.run(["--version"], in: directory)
            let client = try await ServerProcess(
                ["--version"], in: directory, executable: EndToEndPrintingTests.clientBinary)
            #expect(server.status == 0)
            #expect(try await client.exitStatus() == 0)
            #expect(server.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == PrintCloudVersion.current)
            #expect(client.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == PrintCloudVersion.current)
        }
    }

    @Test func keysCreatePrintsTheDocumentedJSON() async throws {
        try await withTemporaryDirectory { directory in
            let created = try await ServerProcess.run(
                ["users", "create", "--email", "k@example.com", "--password", "password1", "--database", "k.sqlite"],
                in: directory)
            #expect(created.status == 0, "\(created.stderr)")
            let result = try await ServerProcess.run(
                [
                    "keys", "create", "--email", "k@example.com", "--permission", "read_only", "--description",
                    "Reports",
                    "--database", "k.sqlite",
                ],
                in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["id", "key", "description", "permission"])
            #expect((object["id"] as? String)?.hasPrefix("key_") == true)
            #expect((object["key"] as? String)?.hasPrefix("pk_live_") == true)
            #expect(object["description"] as? String == "Reports")
            #expect(object["permission"] as? String == "read_only")
        }
    }

    @Test(arguments: [
        ["users", "create", "--email", "dup@example.com", "--password", "password1"],
        ["users", "create", "--email", "not-an-email", "--password", "password1"],
        ["users", "create", "--email", "short@example.com", "--password", "short"],
        ["keys", "create", "--email", "dup@example.com", "--permission", "admin"],
        ["keys", "create", "--email", "nobody@example.com"],
    ])
    func badInputFailsWithAMessageAndNoJSON(arguments: [String]) async throws {
        try await withTemporaryDirectory { directory in
            let setup = try await ServerProcess.run(
                ["users", "create", "--email", "dup@example.com", "--password", "password1", "--database", "e.sqlite"],
                in: directory)
            #expect(setup.status == 0, "\(setup.stderr)")
            let result = try await ServerProcess.run(arguments + ["--database", "e.sqlite"], in: directory)
            #expect(result.status != 0)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("Error"))
        }
    }

    @Test func commandsWorkOnPostgreSQL() async throws {
        try await TestPostgres.withDatabase { url in
            try await withTemporaryDirectory { directory in
                let created = try await ServerProcess.run(
                    ["users", "create", "--email", "pg@example.com", "--password", "password1", "--database", url],
                    in: directory)
                #expect(created.status == 0, "\(created.stderr)")
                let key = try await ServerProcess.run(
                    ["keys", "create", "--email", "pg@example.com", "--database", url], in: directory)
                #expect(key.status == 0, "\(key.stderr)")
                #expect(key.stdout.contains("pk_live_"))
            }
        }
    }
}
