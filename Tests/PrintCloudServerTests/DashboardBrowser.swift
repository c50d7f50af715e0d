import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import PrintCloudServer

/// A browser's cookie jar, as far as these tests need one.
struct DashboardBrowser {
    let app: TestApp
    var cookies: [String: String] = [:]

    mutating func send(
        _ method: HTTPRequest.Method, _ path: String, form: [String: String]? = nil, origin: String? = nil
    ) async throws -> TestResponse {
        let allowed = CharacterSet.alphanumerics
        let body = form.map { form in
            ByteBuffer(
                string: form.map {
                    "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
                }.joined(separator: "&"))
        }
        return try await exchange(
            method, path, contentType: form == nil ? nil : "application/x-www-form-urlencoded", body: body,
            origin: origin)
    }

    /// Posts a `multipart/form-data` form with one file, as a browser's file upload does.
    mutating func upload(
        _ path: String, file: (field: String, name: String, data: Data), fields: [String: String]
    ) async throws -> TestResponse {
        let boundary = "----PrintCloudTest\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(file.data)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await exchange(.post, path, contentType: "multipart/form-data; boundary=\(boundary)", body: body)
    }

    /// One request with the jar's cookies; the cookies the answer sets or clears go back into the jar.
    private mutating func exchange(
        _ method: HTTPRequest.Method, _ path: String, contentType: String?, body: ByteBuffer?, origin: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        }
        if let origin { headers[.origin] = origin }
        if let contentType { headers[.contentType] = contentType }
        let response = try await app.client.execute(uri: path, method: method, headers: headers, body: body) { $0 }
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            if line.lowercased().contains("max-age=0") {
                cookies[pair[0]] = nil
            } else {
                cookies[pair[0]] = pair[1]
            }
        }
        return response
    }

    /// The form's CSRF token on the last page.
    static func csrf(in response: TestResponse) throws -> String {
        let page = response.text
        let marker = #"name="csrf" value=""#
        let start = try #require(page.range(of: marker)).upperBound
        return String(page[start...].prefix { $0 != "\"" })
    }

    mutating func signIn(_ account: TestAccount, password: String? = nil, origin: String? = nil) async throws
        -> TestResponse
    {
        let page = try await send(.get, "/login")
        return try await send(
            .post, "/login",
            form: ["email": account.email, "password": password ?? account.password, "csrf": Self.csrf(in: page)],
            origin: origin)
    }
}
