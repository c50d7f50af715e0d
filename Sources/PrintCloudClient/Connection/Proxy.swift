import Foundation
import PrintCloudProtocol

/// The HTTP proxy a URL is reached through, found in the environment as curl finds it: `https_proxy` (or
/// `HTTPS_PROXY`) for https and wss URLs, `http_proxy` (or `HTTP_PROXY`, which curl ignores) for http and ws ones, `all_proxy`
/// (or `ALL_PROXY`) for either; none for a host that `no_proxy` (or `NO_PROXY`) names. The client reaches the
/// server's WebSocket, its API and the documents it downloads through an HTTP `CONNECT` tunnel of the proxy.
public struct Proxy: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The user name and password of a proxy URL such as `http://user:secret@proxy:3128`.
    public struct Credentials: Sendable, Equatable {
        public var user: String
        public var password: String
    }

    /// The proxy URL's user name and password, if it has them.
    public var credentials: Credentials?

    public init(host: String, port: Int, credentials: Credentials? = nil) {
        self.host = host
        self.port = port
        self.credentials = credentials
    }

    /// `Basic …`, for the `Proxy-Authorization` header.
    public var authorization: String? {
        credentials.map { "Basic " + Data("\($0.user):\($0.password)".utf8).base64EncodedString() }
    }

    /// The proxy for `url`, or nil to connect directly.
    public static func `for`(
        _ url: URL, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Proxy? {
        setting(for: url, environment: environment).flatMap(Proxy.init)
    }

    /// The proxy setting that applies to `url` when it is not one the client can use (a SOCKS or https proxy,
    /// a URL that does not parse), for a warning: the connection is then made directly.
    public static func unusableSetting(
        for url: URL, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        setting(for: url, environment: environment).flatMap { Proxy($0) == nil ? $0 : nil }
    }

    private static func setting(for url: URL, environment: [String: String]) -> String? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return nil }
        func variable(_ name: String) -> String? {
            (environment[name] ?? environment[name.uppercased()]).flatMap { $0.isEmpty ? nil : $0 }
        }
        let secure = scheme == "https" || scheme == "wss"
        guard let setting = variable(secure ? "https_proxy" : "http_proxy") ?? variable("all_proxy"),
            !bypasses(host, noProxy: variable("no_proxy") ?? "")
        else { return nil }
        return setting
    }

    /// `http://[user:password@]host[:port]`, the scheme optional; curl's default port, 1080, when none is given.
    /// Nil for another scheme (a SOCKS proxy, say): then the connection is made directly.
    init?(_ setting: String) {
        let text = setting.contains("://") ? setting : "http://" + setting
        guard let components = URLComponents(string: text), components.scheme?.lowercased() == "http",
            let host = components.host, !host.isEmpty
        else { return nil }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? 1080
        credentials = components.user.map { Credentials(user: $0, password: components.password ?? "") }
    }

    /// Whether `no_proxy` names `host`: `*`; the host itself, or a domain it is in (`example.com` and
    /// `.example.com` both cover `print.example.com`); an IP address, or a network such as `10.0.0.0/8`.
    static func bypasses(_ host: String, noProxy: String) -> Bool {
        let host = (host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host).lowercased()
        let address = IPAddress(host)
        return noProxy.split(separator: ",").contains { entry in
            var name = entry.trimmingCharacters(in: .whitespaces).lowercased()
            if name == "*" { return true }
            if name.hasPrefix("[") { name = String(name.dropFirst()).replacingOccurrences(of: "]", with: "") }
            if let address, let network = IPNetwork(name) { return network.contains(address) }
            if name.hasPrefix(".") { name.removeFirst() }
            return !name.isEmpty && (host == name || host.hasSuffix("." + name))
        }
    }
}
