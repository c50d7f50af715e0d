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

    @Option(help: "Config file. Default: $XDG_CONFIG_HOME/printcloud/client.json.")
    var config: String?

    func validate() throws {
        switch (code, email, password) {
        case (.some, nil, nil), (nil, .some, .some): return
        case (.some, _, _): throw ValidationError("give either --code or --email and --password, not both")
        default: throw ValidationError("give --email and --password, or --code")
        }
    }

    func run() async throws {
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
        let path = config ?? ClientConfig.defaultPath
        try ClientConfig(server: server, apiKey: apiKey, computerName: computerName).save(to: path)
        print("\(signedIn); saved to \(path). Start with: printcloud-client run")
    }

    /// Posts `body` as JSON and decodes the answer, or fails with the server's message.
    private func post<Body: Encodable, Answer: Decodable>(
        _ body: Body, to url: String, expecting status: HTTPResponseStatus, as: Answer.Type, failure: String
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 1 << 20)
        guard response.status == status else {
            let error = try? JSONDecoder().decode(APIErrorBody.self, from: Data(answer.readableBytesView))
            throw ValidationError("\(failure): \(error?.message ?? "HTTP \(response.status.code)")")
        }
        return try JSONDecoder().decode(Answer.self, from: Data(answer.readableBytesView))
    }
}
