import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PrintCloudClient
import PrintCloudProtocol

/// `printcloud-client login`: signs in with email and password and saves the key to the config file.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login", abstract: "Sign in to a PrintCloud server and save the key for `run`.")

    @Option(help: "The server's URL, such as http://printcloud.example:8080.")
    var server: String

    @Option(help: "Your PrintCloud email.")
    var email: String

    @Option(help: "Your PrintCloud password.")
    var password: String

    @Option(help: "This computer's name in PrintCloud. Default: the host name.")
    var name: String?

    @Option(help: "Config file. Default: $XDG_CONFIG_HOME/printcloud/client.json.")
    var config: String?

    func run() async throws {
        let server = self.server.hasSuffix("/") ? String(self.server.dropLast()) : self.server
        var request = HTTPClientRequest(url: server + "/api/client/login")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(
            ByteBuffer(bytes: try JSONEncoder().encode(ClientLoginRequest(email: email, password: password))))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else {
            let error = try? JSONDecoder().decode(APIErrorBody.self, from: Data(body.readableBytesView))
            throw ValidationError("sign-in failed: \(error?.message ?? "HTTP \(response.status.code)")")
        }
        let login = try JSONDecoder().decode(ClientLoginResponse.self, from: Data(body.readableBytesView))
        let path = config ?? ClientConfig.defaultPath
        let computerName = name ?? ProcessInfo.processInfo.hostName
        try ClientConfig(server: server, apiKey: login.apiKey, computerName: computerName).save(to: path)
        print("Signed in as \(login.user.email); saved to \(path). Start with: printcloud-client run")
    }
}
