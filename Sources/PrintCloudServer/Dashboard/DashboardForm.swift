import Foundation
import Hummingbird

/// A submitted HTML form (`application/x-www-form-urlencoded`), and the checks every dashboard form passes:
/// the browser did not say it came from another origin (`Origin`, which browsers send with every form post)
/// and it carries the expected CSRF token.
struct DashboardForm {
    let fields: [String: String]

    subscript(name: String) -> String? { fields[name] }

    /// The form, if it passes both checks: not posted from another origin than `publicOrigin` (see
    /// `isCrossOrigin`), and carrying `token` (nil: the page's token is missing, so nothing passes).
    static func checked(_ request: Request, publicOrigin: String?, token: String?) async throws -> DashboardForm? {
        guard !isCrossOrigin(request, publicOrigin: publicOrigin), let token, let form = try await read(request),
            matches(form["csrf"], token)
        else { return nil }
        return form
    }

    private static func read(_ request: Request) async throws -> DashboardForm? {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true,
            let body = try? await request.body.collect(upTo: 64 * 1024)
        else { return nil }
        var fields: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String? {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decoded(parts[0]), let value = parts.count == 2 ? decoded(parts[1]) : "" else {
                return nil
            }
            fields[name] = value
        }
        return DashboardForm(fields: fields)
    }

    /// Whether a browser said the form came from another origin than the server's: the public URL's when one is
    /// set (behind a proxy the request's Host is the proxy's upstream), else `http://` and the request's Host.
    private static func isCrossOrigin(_ request: Request, publicOrigin: String?) -> Bool {
        guard let origin = request.headers[.origin] else { return false }
        guard let expected = publicOrigin ?? request.head.authority.map({ "http://\($0)" }) else { return true }
        return origin.lowercased() != expected.lowercased()
    }

    /// `scheme://host[:port]` of a URL, as a browser's `Origin` names it.
    static func origin(of url: String) -> String? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else {
            return nil
        }
        return "\(scheme)://\(host)" + (parts.port.map { ":\($0)" } ?? "")
    }

    /// Compares without stopping at the first difference, so the time taken says nothing about the token. An
    /// empty token matches nothing.
    private static func matches(_ given: String?, _ expected: String) -> Bool {
        guard !expected.isEmpty, let given, given.utf8.count == expected.utf8.count else { return false }
        return zip(given.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
