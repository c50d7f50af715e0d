import AsyncHTTPClient
import Foundation

extension Proxy {
    /// The proxy as AsyncHTTPClient takes it.
    var clientConfiguration: HTTPClient.Configuration.Proxy {
        .server(
            host: host, port: port, authorization: credentials.map { .basic(username: $0.user, password: $0.password) })
    }

    /// Runs `body` with an HTTP client that reaches `url` through the proxy the environment names for it, or
    /// with the shared client when there is none.
    public static func withHTTPClient<T: Sendable>(
        reaching url: String, _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        guard let parsed = URL(string: url), let proxy = Proxy.for(parsed) else { return try await body(.shared) }
        var configuration = HTTPClient.Configuration()
        configuration.proxy = proxy.clientConfiguration
        return try await HTTPClient.withClient(configuration, body)
    }
}

extension HTTPClient {
    /// Runs `body` with a client of its own, shut down after it whatever happens.
    static func withClient<T: Sendable>(
        _ configuration: Configuration, _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
