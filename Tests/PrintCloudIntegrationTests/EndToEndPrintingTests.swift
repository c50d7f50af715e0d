import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PrintCloudTestSupport
import Testing

/// The whole product: the real server, the real desktop client and a real CUPS, each its own process
/// but CUPS. Serialized: the virtual printers are shared.
@Suite(.serialized, .timeLimit(.minutes(10))) struct EndToEndPrintingTests {
    let http = DurabilityTests()

    /// How long a job may take to get through CUPS: a bound, not a figure. These tests run in the suite's
    /// busiest minutes (a thousand queue-test jobs share cupsd, other suites the two cores), where a job that
    /// takes seconds on a quiet machine once took more than a minute in CI.
    static let patience: Double = 180

    static var clientBinary: URL {
        ServerProcess.binary.deletingLastPathComponent().appendingPathComponent("printcloud-client")
    }

    /// Runs the server and a client signed in to it, then `body` with the server, its key and a way to
    /// start the client again.
    func withServerAndClient(
        _ body: (DurabilityTests.Running, String, URL, ServerProcess) async throws -> Void
    ) async throws {
        guard TestCUPS.available(fail: { Issue.record(Comment(rawValue: $0)) }) != nil else { return }
        try await withTemporaryDirectory { directory in
            try await http.withServer(in: directory) { server in
                let keyLine = try await server.process.line(containing: "API key")
                let key = try #require(keyLine.split(separator: " ").last.map(String.init))
                let client = try await startClient(server: server.baseURL, key: key, directory: directory)
                do {
                    try await body(server, key, directory, client)
                    try await client.terminate()
                } catch {
                    try? await client.terminate()
                    throw error
                }
            }
        }
    }

    func startClient(server: String, key: String, directory: URL) async throws -> ServerProcess {
        try await ServerProcess(
            [
                "run", "--server", server, "--api-key", key, "--name", "E2E-PC", "--printer-poll-interval", "1",
                "--config", directory.appendingPathComponent("client.json").path,
                "--ledger", directory.appendingPathComponent("ledger.sqlite").path,
            ],
            in: directory, executable: Self.clientBinary)
    }

    func printerID(_ name: String, server: String, key: String) async throws -> String {
        var found: String?
        try await eventually("printer \(name) reported") {
            let response = try await http.send(.GET, server + "/api/printers", key: key)
            let printers = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [[String: Any]] ?? []
            found =
                printers.first { $0["name"] as? String == name && $0["state"] as? String == "online" }?["id"] as? String
            return found != nil
        }
        return try #require(found)
    }

    func state(of job: String, server: String, key: String) async throws -> [String: Any] {
        let response = try await http.send(.GET, server + "/api/printjobs/\(job)", key: key)
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
    }

    @Test func aJobPostedToTheAPIComesOutOfTheVirtualPrinter() async throws {
        try await withServerAndClient { server, key, _, _ in
            let cups = try #require(TestCUPS.available { _ in })
            let office = try await printerID("Office", server: server.baseURL, key: key)
            let pdf = TestCUPS.pdf(pages: 1).base64EncodedString()
            let created = try await http.send(
                .POST, server.baseURL + "/api/printjobs", key: key,
                json:
                    #"{"printerId": "\#(office)", "contentType": "pdf_base64", "content": "\#(pdf)", "title": "E2E invoice", "options": {"copies": 2, "duplex": "long-edge"}}"#
            )
            #expect(created.status == 201)
            let jobID = try JSONDecoder().decode(String.self, from: Data(created.body.utf8))
            try await eventually(within: Self.patience, "completed") {
                try await state(of: jobID, server: server.baseURL, key: key)["state"] as? String == "completed"
            }
            let documents = try cups.received(by: "Office").filter { $0.lastPathComponent.contains(jobID.lowercased()) }
            #expect(documents.count == 1)
            let states = try await state(of: jobID, server: server.baseURL, key: key)["states"] as? [[String: Any]]
            #expect(states?.map { $0["state"] as? String } == ["pending", "sent", "printing", "completed"])
        }
    }

    @Test func aJobForAStoppedPrinterEndsInErrorWithTheReason() async throws {
        try await withServerAndClient { server, key, _, _ in
            let cups = try #require(TestCUPS.available { _ in })
            let spare = try await printerID("SpareB", server: server.baseURL, key: key)
            try await cups.run("cupsdisable", ["-r", "Ribbon out", "SpareB"])
            do {
                let created = try await http.send(
                    .POST, server.baseURL + "/api/printjobs", key: key,
                    json: #"{"printerId": "\#(spare)", "contentType": "raw_base64", "content": "XlhBXlha"}"#)
                let jobID = try JSONDecoder().decode(String.self, from: Data(created.body.utf8))
                try await eventually(within: Self.patience, "error") {
                    try await state(of: jobID, server: server.baseURL, key: key)["state"] as? String == "error"
                }
                let states = try await state(of: jobID, server: server.baseURL, key: key)["states"] as? [[String: Any]]
                let message = states?.last?["message"] as? String ?? ""
                #expect(message.contains("printer stopped"))
                #expect(message.contains("Ribbon out"))
            } catch {
                _ = try? await cups.run("cupsenable", ["SpareB"])
                throw error
            }
            try await cups.run("cupsenable", ["SpareB"])
        }
    }

    @Test func aClientKilledAfterCUPSAcceptedTheJobPrintsItOnceAfterRestart() async throws {
        try await withServerAndClient { server, key, directory, client in
            let cups = try #require(TestCUPS.available { _ in })
            let office = try await printerID("Office", server: server.baseURL, key: key)
            // Three pages at the virtual printer's speed: still printing when the client dies.
            let pdf = TestCUPS.pdf(pages: 3).base64EncodedString()
            let created = try await http.send(
                .POST, server.baseURL + "/api/printjobs", key: key,
                json:
                    #"{"printerId": "\#(office)", "contentType": "pdf_base64", "content": "\#(pdf)", "title": "Once"}"#)
            let jobID = try JSONDecoder().decode(String.self, from: Data(created.body.utf8))
            try await eventually(within: Self.patience, "printing") {
                try await state(of: jobID, server: server.baseURL, key: key)["state"] as? String == "printing"
            }
            try await client.kill()

            let restarted = try await startClient(server: server.baseURL, key: key, directory: directory)
            do {
                try await eventually(within: Self.patience, "completed after restart") {
                    try await state(of: jobID, server: server.baseURL, key: key)["state"] as? String == "completed"
                }
                try await restarted.terminate()
            } catch {
                try? await restarted.terminate()
                throw error
            }
            let documents = try cups.received(by: "Office").filter { $0.lastPathComponent.contains(jobID.lowercased()) }
            #expect(documents.count == 1)
        }
    }

    @Test func theClientComesBackOnlineAfterTheServerIsKilledAndRestarted() async throws {
        guard TestCUPS.available(fail: { Issue.record(Comment(rawValue: $0)) }) != nil else { return }
        try await withTemporaryDirectory { directory in
            let port = try await freePort()
            let arguments = [
                "serve", "--port", String(port), "--database", "restart.sqlite", "--rate-limit", "0",
            ]
            let first = try await ServerProcess(arguments, in: directory)
            let keyLine = try await first.line(containing: "API key")
            let key = try #require(keyLine.split(separator: " ").last.map(String.init))
            _ = try await first.line(containing: "listening on ")
            let server = "http://127.0.0.1:\(port)"
            let client = try await startClient(server: server, key: key, directory: directory)
            do {
                _ = try await printerID("Office", server: server, key: key)
                try await first.kill()

                let second = try await ServerProcess(arguments, in: directory)
                do {
                    _ = try await second.line(containing: "listening on ")
                    // The restarted server starts with every computer offline; the client must come back by itself.
                    try await eventually(within: 60, "the client back online") {
                        let response = try await http.send(.GET, server + "/api/computers", key: key)
                        let computers =
                            try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [[String: Any]]
                        return computers?.first?["state"] as? String == "online"
                    }
                    // Still one computer: it signed in again under the id it was given.
                    let computers = try await http.send(.GET, server + "/api/computers", key: key)
                    #expect((try JSONSerialization.jsonObject(with: Data(computers.body.utf8)) as? [Any])?.count == 1)
                    try await second.terminate()
                } catch {
                    try? await second.terminate()
                    throw error
                }
                try await client.terminate()
            } catch {
                try? await client.terminate()
                try? await first.terminate()
                throw error
            }
        }
    }
}
