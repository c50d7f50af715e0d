import Foundation
import PrintCloudTestSupport
import Testing

/// `printcloud-server enrollment-codes create` and `printcloud-client login --code`, as an office admin runs
/// them, against a running server.
@Suite(.timeLimit(.minutes(10))) struct EnrollmentCommandTests {
    let http = DurabilityTests()

    @Test func aCodeMadeOnTheServerSignsTheClientInOnce() async throws {
        try await withTemporaryDirectory { directory in
            let user = try await ServerProcess.run(
                [
                    "users", "create", "--email", "o@example.com", "--password", "password1", "--database",
                    "durable.sqlite",
                ],
                in: directory)
            try #require(user.status == 0, "\(user.stderr)")
            try await http.withServer(in: directory) { server in
                let made = try await ServerProcess.run(
                    [
                        "enrollment-codes", "create", "--email", "o@example.com", "--description", "Reception",
                        "--expires-hours", "2", "--database", "durable.sqlite",
                    ], in: directory)
                try #require(made.status == 0, "\(made.stderr)")
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any])
                #expect(Set(object.keys) == ["id", "code", "description", "expiresAt"])
                let code = try #require(object["code"] as? String)

                let config = directory.appendingPathComponent("client.json")
                let login = [
                    "login", "--server", server.baseURL, "--code", code, "--name", "Reception PC", "--config",
                    config.path,
                ]
                let client = EndToEndPrintingTests.clientBinary
                let first = try await ServerProcess(login, in: directory, executable: client)
                #expect(try await first.exitStatus() == 0, "\(first.standardError)")
                #expect(first.standardOutput.contains("Enrolled"))
                let saved = try #require(
                    try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any])
                let key = try #require(saved["apiKey"] as? String)
                #expect(saved["computerName"] as? String == "Reception PC")
                let whoami = try await http.send(.GET, server.baseURL + "/api/whoami", key: key)
                #expect(whoami.status == 200)
                #expect(whoami.body.contains(#""permission":"full""#))

                let statusArguments = [
                    "status", "--config", config.path, "--ledger",
                    directory.appendingPathComponent("ledger.sqlite").path,
                ]
                let status = try await ServerProcess(statusArguments, in: directory, executable: client)
                #expect(try await status.exitStatus() == 0, "\(status.standardError)")
                #expect(status.standardOutput.contains("Server: \(server.baseURL), key accepted"))
                #expect(status.standardOutput.contains("Computer: Reception PC (not signed in yet)"))
                #expect(status.standardOutput.contains("Printers shared:"))
                #expect(status.standardOutput.contains("Last jobs: none yet"))

                let keyID = try #require(
                    (try JSONSerialization.jsonObject(
                        with: Data(try await http.send(.GET, server.baseURL + "/api/whoami", key: key).body.utf8))
                        as? [String: Any])?["keyId"] as? String)
                #expect(
                    try await http.send(.DELETE, server.baseURL + "/api/account/apikeys/\(keyID)", key: key).status
                        == 200)
                let refused = try await ServerProcess(statusArguments, in: directory, executable: client)
                #expect(try await refused.exitStatus() == 1)
                #expect(refused.standardOutput.contains("refuses the key (HTTP 401)"))

                let second = try await ServerProcess(login, in: directory, executable: client)
                #expect(try await second.exitStatus() != 0)
                #expect(second.standardError.contains("Invalid, used or expired enrollment code"))
            }
        }
    }

    @Test func loginRefusesACodeWithAPasswordAndNeitherNamesWhatItNeeds() async throws {
        try await withTemporaryDirectory { directory in
            let client = EndToEndPrintingTests.clientBinary
            let both = try await ServerProcess(
                [
                    "login", "--server", "http://127.0.0.1:1", "--code", "pk_enroll_x", "--email", "a@b.c",
                    "--password", "p",
                ],
                in: directory, executable: client)
            #expect(try await both.exitStatus() != 0)
            #expect(both.standardError.contains("either --code or --email and --password"))
            let neither = try await ServerProcess(
                ["login", "--server", "http://127.0.0.1:1"], in: directory, executable: client)
            #expect(try await neither.exitStatus() != 0)
            #expect(neither.standardError.contains("--email and --password, or --code"))
        }
    }
}
