import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PrintCloudTestSupport
import Testing

/// A write answered 2xx survives the server being killed with SIGKILL.
@Suite(.timeLimit(.minutes(10))) struct DurabilityTests {
    struct Running {
        let process: ServerProcess
        let baseURL: String
    }

    /// Runs a server on `directory`'s database for `body`; it is stopped afterwards, whatever happens.
    func withServer(
        in directory: URL, arguments: [String] = [], _ body: (Running) async throws -> Void
    ) async throws {
        let process = try await ServerProcess(
            ["serve", "--port", "0", "--database", "durable.sqlite", "--rate-limit", "0"] + arguments, in: directory)
        do {
            let line = try await process.line(containing: "listening on ")
            let url = try #require(line.split(separator: " ").last.map(String.init))
            try await body(Running(process: process, baseURL: url))
            try await process.terminate()
        } catch {
            try? await process.terminate()
            throw error
        }
    }

    func send(_ method: HTTPMethod, _ url: String, key: String, json: String? = nil) async throws -> (
        status: Int, body: String
    ) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(
            name: "Authorization", value: "Basic " + Data("\(key):".utf8).base64EncodedString())
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    @Test func firstStartPrintsCredentialsThatWork() async throws {
        try await withTemporaryDirectory { directory in
            try await withServer(in: directory) { server in
                let keyLine = try await server.process.line(containing: "API key")
                let key = try #require(keyLine.split(separator: " ").last.map(String.init))
                #expect(try await server.process.line(containing: "password").isEmpty == false)
                let whoami = try await send(.GET, server.baseURL + "/api/whoami", key: key)
                #expect(whoami.status == 200)
                #expect(!server.process.standardError.contains(key))
            }
        }
    }

    @Test func acknowledgedWriteSurvivesSIGKILL() async throws {
        try await withTemporaryDirectory { directory in
            var key = ""
            var newKey = ""
            var newID = ""
            try await withServer(in: directory) { first in
                let keyLine = try await first.process.line(containing: "API key")
                key = try #require(keyLine.split(separator: " ").last.map(String.init))

                let created = try await send(
                    .POST, first.baseURL + "/api/account/apikeys", key: key,
                    json: #"{"description":"survivor"}"#)
                #expect(created.status == 201)
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
                newKey = try #require(object["key"] as? String)
                newID = try #require(object["id"] as? String)
                try await first.process.kill()
            }

            try await withServer(in: directory) { second in
                #expect(!second.process.standardOutput.contains("created the initial account"))
                let list = try await send(.GET, second.baseURL + "/api/account/apikeys", key: key)
                #expect(list.status == 200)
                #expect(list.body.contains(newID))
                #expect(try await send(.GET, second.baseURL + "/api/whoami", key: newKey).status == 200)
            }
        }
    }
}

/// A job answered `201` survives SIGKILL and reaches its client after the restart.
@Suite(.timeLimit(.minutes(10))) struct JobDurabilityTests {
    @Test func aJobAnsweredCreatedIsDeliveredAfterSIGKILLAndRestart() async throws {
        try await withTemporaryDirectory { directory in
            let durability = DurabilityTests()
            var key = ""
            var printerID = ""
            var jobID = ""
            try await durability.withServer(in: directory) { server in
                let keyLine = try await server.process.line(containing: "API key")
                key = try #require(keyLine.split(separator: " ").last.map(String.init))
                let client = try await DesktopClient.signIn(baseURL: server.baseURL, key: key)
                printerID = try await client.printerID(named: "Zebra", baseURL: server.baseURL, key: key, durability)
                try await client.close()

                let created = try await durability.send(
                    .POST, server.baseURL + "/api/printjobs", key: key,
                    json: #"{"printerId": "\#(printerID)", "contentType": "raw_base64", "content": "XlhBXlha"}"#)
                #expect(created.status == 201)
                jobID = try JSONDecoder().decode(String.self, from: Data(created.body.utf8))
                try await server.process.kill()
            }
            try await durability.withServer(in: directory) { server in
                let client = try await DesktopClient.signIn(baseURL: server.baseURL, key: key)
                let job = try await client.job(jobID)
                #expect(job.content == "XlhBXlha")
                try await client.close()
            }
        }
    }
}
