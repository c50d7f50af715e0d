import Foundation
import Hummingbird

/// A submitted HTML form (`application/x-www-form-urlencoded`), and the checks every dashboard form passes:
/// it came from a page of this server (`Origin`, when the browser sends it) and carries the expected CSRF token.
struct DashboardForm {
    let fields: [String: String]

    subscript(name: String) -> String? { fields[name] }

    static func read(_ request: Request, context: some RequestContext) async throws -> DashboardForm? {
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

    /// Whether a browser said the form came from another site: its `Origin` names another host than the request's.
    static func isCrossOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return false }
        guard let authority = request.head.authority, let parts = URLComponents(string: origin),
            let originHost = parts.host
        else { return true }
        let originAuthority = parts.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() != authority.lowercased()
    }

    /// Compares without stopping at the first difference, so the time taken says nothing about the token.
    static func matches(_ given: String?, _ expected: String) -> Bool {
        guard let given, given.utf8.count == expected.utf8.count else { return false }
        return zip(given.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
