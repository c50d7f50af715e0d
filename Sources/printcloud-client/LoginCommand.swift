import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PrintCloudClient
import PrintCloudProtocol

/// `printcloud-client login`: signs in with email and password, or exchanges an enrollment code, and saves the
/// key to the config file.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login", abstract: "Sign in to a PrintCloud server and save the key for `run`.",
        discussion: """
            Either --email and --password, or --code: an enrollment code the account's owner made \
            (`printcloud-server enrollment-codes create`, or POST /api/account/enrollment-codes), which gives \
            this computer a key of its own without a password typed here. A code works once.
            """)

    @Option(help: "The server's URL, such as http://printcloud.example:8080.")
    var server: String

    @Option(help: "Your PrintCloud email.")
    var email: String?

    @Option(help: "Your PrintCloud password.")
    var password: String?

    @Option(help: "An enrollment code (pk_enroll_…), instead of an email and password.")
    var code: String?

    @Option(help: "This computer's name in PrintCloud. Default: the host name.")
    var name: String?

    @Flag(
        help: ArgumentHelp(
            "Sign in the system service instead of this user: as root, after installing the printcloud-client package.",
            discussion: """
                Saves the key to /etc/printcloud/client.json, readable only by the service's user \
                (\(SystemService.user)), and restarts the service so it signs in with it.
                """))
    var system = false

    @Option(help: "Config file. Default: $XDG_CONFIG_HOME/printcloud/client.json.")
    var config: String?

    func validate() throws {
        switch (code, email, password) {
        case (.some, nil, nil), (nil, .some, .some): break
        case (.some, _, _): throw ValidationError("give either --code or --email and --password, not both")
        default: throw ValidationError("give --email and --password, or --code")
        }
        if system && config != nil { throw ValidationError("give either --system or --config, not both") }
        // Checked before the code is spent or a key made on the server.
        if system { try SystemService.checkCanSignIn() }
    }

    func run() async throws {
        // sudo clears the environment: the service's proxy is in its environment file.
        if system { SystemService.loadEnvironmentFile() }
        let server = self.server.hasSuffix("/") ? String(self.server.dropLast()) : self.server
        let computerName = name ?? ProcessInfo.processInfo.hostName
        let apiKey: String
        let signedIn: String
        if let code {
            let enrolled = try await post(
                ClientEnrollRequest(code: code, name: computerName), to: server + "/api/client/enroll",
                expecting: .created, as: ClientEnrollResponse.self, failure: "enrollment failed")
            (apiKey, signedIn) = (enrolled.apiKey, "Enrolled in account \(enrolled.accountId)")
        } else {
            let login = try await post(
                ClientLoginRequest(email: email ?? "", password: password ?? ""), to: server + "/api/client/login",
                expecting: .ok, as: ClientLoginResponse.self, failure: "sign-in failed")
            (apiKey, signedIn) = (login.apiKey, "Signed in as \(login.user.email)")
        }
        let path = config ?? (system ? ClientConfig.systemPath : ClientConfig.defaultPath)
        try ClientConfig(server: server, apiKey: apiKey, computerName: computerName).save(to: path)
        guard system else {
            print("\(signedIn); saved to \(path). Start with: printcloud-client run")
            return
        }
        try SystemService.handOver(path)
        print("\(signedIn); saved to \(path) for the \(SystemService.user) user.")
        print(SystemService.restart())
    }

    /// Posts `body` as JSON and decodes the answer, or fails with the server's message.
    private func post<Body: Encodable, Answer: Decodable>(
        _ body: Body, to url: String, expecting status: HTTPResponseStatus, as: Answer.Type, failure: String
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let (answered, answer) = try await Proxy.withHTTPClient(reaching: url) { client in
            let response = try await client.execute(request, timeout: .seconds(30))
            return (response.status, Data(try await response.body.collect(upTo: 1 << 20).readableBytesView))
        }
        guard answered == status else {
            let error = try? JSONDecoder().decode(APIErrorBody.self, from: answer)
            throw ValidationError("\(failure): \(error?.message ?? "HTTP \(answered.code)")")
        }
        return try JSONDecoder().decode(Answer.self, from: answer)
    }
}
