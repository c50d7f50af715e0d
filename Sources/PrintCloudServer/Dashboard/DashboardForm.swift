import Foundation
import Hummingbird
import MultipartKit

/// A submitted HTML form (`application/x-www-form-urlencoded`, or `multipart/form-data` when it uploads a
/// file), and the checks every dashboard form passes: the browser did not say it came from another origin
/// (`Origin`, which browsers send with every form post) and it carries the expected CSRF token.
struct DashboardForm {
    var fields: [String: String]
    /// Uploaded files by field name: what the browser called the file, and its bytes.
    var files: [String: (name: String, data: Data)] = [:]

    subscript(name: String) -> String? { fields[name] }

    /// A form of fields alone is far below this; a form with a file is given its own limit.
    static let fieldsLimit = 64 * 1024

    /// A body larger than the form's limit (a file too large to upload).
    struct TooLarge: Error {
        let limit: Int
    }

    /// The form, if it passes both checks: not posted from another origin than `publicOrigin` (see
    /// `isCrossOrigin`), and carrying `token` (nil: the page's token is missing, so nothing passes).
    static func checked(
        _ request: Request, publicOrigin: String?, token: String?, limit: Int = fieldsLimit
    ) async throws -> DashboardForm? {
        guard !isCrossOrigin(request, publicOrigin: publicOrigin), let token,
            let form = try await read(request, limit: limit), matches(form["csrf"], token)
        else { return nil }
        return form
    }

    private static func read(_ request: Request, limit: Int) async throws -> DashboardForm? {
        let type = request.headers[.contentType] ?? ""
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw TooLarge(limit: limit)
        }
        if type.lowercased().hasPrefix("multipart/form-data") {
            return boundary(in: type).flatMap { try? multipart(body, boundary: $0) }
        }
        guard type.lowercased().hasPrefix("application/x-www-form-urlencoded") else { return nil }
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

    /// The parts of a multipart body: a part with a `filename` is a file, any other a field.
    private static func multipart(_ body: ByteBuffer, boundary: String) throws -> DashboardForm {
        let parser = MultipartParser(boundary: boundary)
        var form = DashboardForm(fields: [:])
        var part = MultipartPart(body: ByteBuffer())
        parser.onHeader = { name, value in part.headers.replaceOrAdd(name: name, value: value) }
        parser.onBody = { chunk in part.body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            defer { part = MultipartPart(body: ByteBuffer()) }
            guard let name = part.name else { return }
            if let filename = parameter("filename", in: part.headers.first(name: "Content-Disposition") ?? "") {
                form.files[name] = (filename, Data(part.body.readableBytesView))
            } else {
                form.fields[name] = String(buffer: part.body)
            }
        }
        try parser.execute(body)
        return form
    }

    /// The `boundary` parameter of a `multipart/form-data` content type.
    private static func boundary(in contentType: String) -> String? {
        parameter("boundary", in: contentType).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A parameter of a header such as `form-data; name="document"; filename="a;b.pdf"`, quoted or not (a
    /// quoted value may hold `;`; browsers send a quote in a file name as `%22`).
    private static func parameter(_ name: String, in header: String) -> String? {
        guard let start = header.firstIndex(of: ";") else { return nil }
        var rest = header[header.index(after: start)...]
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " }
            let value: Substring
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                value = rest[..<end]
                rest = rest[end...].drop { $0 != ";" }.dropFirst()
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end]
                rest = rest[end...].dropFirst()
            }
            if key == name { return value.trimmingCharacters(in: .whitespaces) }
        }
        return nil
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
