import Foundation
import HTTPTypes

/// Which web pages' origins may call the API from a browser, and the headers that tell the browser so.
/// Without origins the policy is off: no response carries a CORS header, so browsers refuse cross-origin calls.
public struct CORSPolicy: Sendable, Equatable {
    /// An origin the operator named that no browser would ever send.
    public struct InvalidOrigin: Error, Equatable, CustomStringConvertible {
        public let origin: String
        public var description: String {
            "\"\(origin)\" is not an origin: give scheme://host[:port] (no path), such as https://app.example.com, or *"
        }
    }

    enum Origins: Sendable, Equatable {
        case none
        case any
        case listed(Set<String>)
    }

    let origins: Origins

    /// The request headers a page may send: those the published JavaScript examples send, the retry key and a request id.
    static let allowedHeaders = "Authorization, Content-Type, Idempotency-Key, X-Request-Id"
    /// Response headers a page may read beyond the CORS-safelisted ones: to pace itself, and the request id.
    static let exposedHeaders = "X-RateLimit-Limit, X-RateLimit-Remaining, Retry-After, X-Request-Id"
    /// Chromium caps a cached preflight at two hours; ten minutes keeps a removed origin from lingering long.
    static let maxAgeSeconds = 600

    /// `*` allows every origin; otherwise each of `origins` is a `scheme://host[:port]`.
    public init(allowing origins: [String]) throws(InvalidOrigin) {
        if origins.contains("*") {
            self.origins = .any
        } else if origins.isEmpty {
            self.origins = .none
        } else {
            var listed: Set<String> = []
            for origin in origins {
                guard let serialized = Self.serialized(origin) else { throw InvalidOrigin(origin: origin) }
                listed.insert(serialized)
            }
            self.origins = .listed(listed)
        }
    }

    var isEnabled: Bool { origins != .none }

    /// Whether a page of `origin` (a request's `Origin` header) may read the API's answers.
    func allows(_ origin: String?) -> Bool {
        switch origins {
        case .none: false
        case .any: true
        case .listed(let listed): origin.map { listed.contains($0.lowercased()) } ?? false
        }
    }

    /// What every response to a request from `origin` carries.
    func responseHeaders(origin: String?) -> HTTPFields {
        var headers: HTTPFields = [:]
        switch origins {
        case .none:
            return headers
        case .any:
            // With `*` browsers send no cookies, which the API never reads; `Authorization` from a script still goes.
            headers[.accessControlAllowOrigin] = "*"
        case .listed:
            // The answer differs by origin, so a shared cache must not hand one page's answer to another.
            headers[.vary] = "Origin"
            guard let origin, allows(origin) else { return headers }
            headers[.accessControlAllowOrigin] = origin
        }
        headers[.accessControlExposeHeaders] = Self.exposedHeaders
        return headers
    }

    /// What a preflight answer carries besides `responseHeaders`, for a path that allows `methods`; nothing
    /// for an origin that is not allowed, so that the browser refuses the call.
    func preflightHeaders(origin: String?, methods: [HTTPRequest.Method]) -> HTTPFields {
        guard allows(origin) else { return [:] }
        return [
            .accessControlAllowMethods: methods.map(\.rawValue).joined(separator: ", "),
            .accessControlAllowHeaders: Self.allowedHeaders,
            .accessControlMaxAge: String(Self.maxAgeSeconds),
        ]
    }

    /// `origin` as a browser sends it in `Origin` (lower case, no default port, no trailing slash), or nil if it
    /// has a path, query, credentials or no host. `null` is refused: any sandboxed frame or local file sends it.
    static func serialized(_ origin: String) -> String? {
        let text = origin.hasSuffix("/") ? String(origin.dropLast()) : origin
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty, components.path.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil, components.password == nil
        else { return nil }
        let defaultPort = ["http": 80, "https": 443][scheme]
        let port = components.port.flatMap { $0 == defaultPort ? nil : $0 }
        let address = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(address)" + (port.map { ":\($0)" } ?? "")
    }
}
