import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PrintCloudClient
import PrintCloudProtocol

/// `printcloud-client status`: what an office admin checks first when printing stops.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the config, whether the server takes this computer's key, how it sees the computer, "
            + "the printers shared and the last jobs.",
        discussion: "Exits 1 when the server cannot be reached or refuses the key.")

    @OptionGroup var paths: ClientPaths

    func run() async throws {
        try paths.prepare()
        let path = paths.configPath
        guard FileManager.default.fileExists(atPath: path) else {
            print("Config: none at \(path); run `printcloud-client login` first")
            throw ExitCode.failure
        }
        let config: ClientConfig
        do {
            config = try ClientConfig.load(from: path)
        } catch {
            print("Config: \(path) cannot be read: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        print("Config: \(path)")
        print("Computer: \(config.computerName)" + (config.computerId.map { " (\($0))" } ?? " (not signed in yet)"))
        let reachable = await report(server: config)
        await reportPrinters(shared: config.sharedPrinters)
        try await reportJobs(ledger: paths.ledgerPath)
        if !reachable { throw ExitCode.failure }
    }

    /// Prints what the server says of the key and of this computer; whether it took the key.
    private func report(server config: ClientConfig) async -> Bool {
        do {
            let whoami = try await get(config.server + "/api/whoami", key: config.apiKey)
            guard whoami.status == .ok else {
                print("Server: \(config.server) refuses the key (HTTP \(whoami.status.code)): \(whoami.message)")
                return false
            }
            print("Server: \(config.server), key accepted")
            guard let id = config.computerId else { return true }
            let computer = try await get(config.server + "/api/computers/\(id)", key: config.apiKey)
            if computer.status == .ok, let state = computer.object["state"] as? String {
                let seen = (computer.object["lastSeenAt"] as? String).map { ", last seen \($0)" } ?? ""
                print("Connection: the server sees this computer \(state)\(seen)")
            } else {
                print("Connection: the server does not know computer \(id) (HTTP \(computer.status.code))")
            }
            return true
        } catch {
            print("Server: \(config.server) cannot be reached: \(error)")
            return false
        }
    }

    private func reportPrinters(shared: [String]?) async {
        do {
            let printers = try await CUPSBackend(sharedPrinters: shared.map(Set.init)).printers()
            let names = printers.map { "\($0.name) (\($0.state?.rawValue ?? "online"))" }
            print("Printers shared: " + (names.isEmpty ? "none" : names.joined(separator: ", ")))
        } catch {
            print("Printers shared: the print system cannot be asked: \(error)")
        }
    }

    private func reportJobs(ledger path: String) async throws {
        guard FileManager.default.fileExists(atPath: path) else {
            print("Last jobs: none yet (no ledger at \(path))")
            return
        }
        let recent = try await JobLedger(path: path).recent(limit: 10)
        print("Last jobs:" + (recent.isEmpty ? " none yet" : ""))
        for (entry, updatedAt) in recent {
            let outcome = entry.outcome?.rawValue ?? "printing"
            let message = entry.message.map { ": \($0)" } ?? ""
            print(
                "  \(updatedAt.formatted(.iso8601)) \(entry.jobID) \(outcome), \(entry.printSystemJobIDs.count) copies\(message)"
            )
        }
    }

    private func get(_ url: String, key: String) async throws -> (
        status: HTTPResponseStatus, object: [String: Any], message: String
    ) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Basic " + Data("\(key):".utf8).base64EncodedString())
        let (status, body) = try await Proxy.withHTTPClient(reaching: url) { client in
            let response = try await client.execute(request, timeout: .seconds(10))
            return (response.status, Data(try await response.body.collect(upTo: 1 << 20).readableBytesView))
        }
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        return (status, object, object["message"] as? String ?? "")
    }
}
