import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// `GET /api/openapi.json` and `/docs`, and the document held against the router that serves it.
@Suite struct OpenAPIDocumentTests {
    static let document = Result { try OpenAPIDocument.load() }

    /// `GET /api/printjobs/{id}` for each operation of the document.
    static func documentedOperations(_ json: JSONValue) -> Set<String> {
        var operations = Set<String>()
        for (path, item) in json["paths"]?.objectValue ?? [:] {
            for method in (item.objectValue ?? [:]).keys where APIReferencePage.methods.contains(method) {
                operations.insert("\(method.uppercased()) \(canonical(path))")
            }
        }
        return operations
    }

    /// A path with its parameters written `{name}`, whether it came as `:name` (router) or `{name}` (OpenAPI).
    static func canonical(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }

    /// The routes `buildApplication` registers, as `METHOD /path/{param}`. The generated `405` and `HEAD`
    /// answers come after and are not among them; `/ws` has a router of its own (the WebSocket upgrade), and
    /// is described in the document's text, as OpenAPI cannot describe its messages.
    static func registeredRoutes(_ engine: TestEngine) async throws -> Set<String> {
        var logger = Logger(label: "test")
        // Not PostgresNIO's warning that the app, built but never run, has not started its client.
        logger.logLevel = .error
        var routes = Set<String>()
        try await withTestDatabase(engine) { [logger] location in
            routes = try await Storage.withOpen(location, logger: logger) { storage in
                var configuration = AppConfiguration()
                configuration.port = 0
                var routes = Set<String>()
                _ = try await buildApplication(
                    configuration: configuration, storage: storage, logger: logger,
                    onRoutes: { registered in
                        routes = Set(registered.map { "\($0.method.rawValue) \(canonical($0.path.description))" })
                    })
                return routes
            }
        }
        return routes
    }

    @Test(arguments: TestEngine.allCases)
    func documentNamesEveryRouteAndNoOther(_ engine: TestEngine) async throws {
        let routes = try await Self.registeredRoutes(engine)
        // Without PostgreSQL the database helper has recorded why, and there is nothing to compare.
        guard !routes.isEmpty else { return }
        #expect(routes.contains("POST /api/printjobs") && routes.contains("DELETE /api/printjobs/{id}"))
        let documented = Self.documentedOperations(try Self.document.get().json)
        #expect(
            routes.subtracting(documented).subtracting(DashboardRoutes.pages).sorted() == [],
            "routes the document does not describe")
        #expect(routes.isSuperset(of: DashboardRoutes.pages), "the dashboard's list of its pages is out of date")
        #expect(documented.subtracting(routes).sorted() == [], "operations the server does not have")
    }

    @Test(arguments: TestEngine.allCases)
    func documentIsServedWithoutAKeyOrRateLimit(_ engine: TestEngine) async throws {
        try await withTestApp(engine, rateLimit: 1) { app in
            for _ in 0..<5 {
                let response = try await app.request(.get, "/api/openapi.json")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.headers[HTTPField.Name("X-RateLimit-Limit")!] == nil)
                #expect(Data(response.body.readableBytesView) == (try Self.document.get().data))
            }
            let document = try await app.request(.get, "/api/openapi.json").object()
            #expect(document["openapi"] as? String == "3.1.0")
            #expect((document["paths"] as? [String: Any])?.isEmpty == false)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func referencePageShowsEveryOperationAndLoadsNothing(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let response = try await app.request(.get, "/docs")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let page = response.text
            #expect(page.hasPrefix("<!doctype html>"))
            let json = try Self.document.get().json
            for operation in APIReferencePage(document: json).operations {
                #expect(page.contains("id=\"\(operation.anchor)\""), "\(operation.method) \(operation.path)")
                #expect(page.contains("<code>\(escape(operation.path))</code>"))
            }
            #expect(page.contains("id=\"schema-PrintJobRequest\""))
            for loader in ["<script", "<link", "src=", "@import", "url("] {
                #expect(!page.contains(loader), "the page must load nothing: \(loader)")
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func servedDocumentPassesOpenAPISpecValidator(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let response = try await app.request(.get, "/api/openapi.json")
            let verdict = try await OpenAPISpecValidator.validate(Data(response.body.readableBytesView)) {
                Issue.record(Comment(rawValue: $0))
            }
            guard let verdict else { return }
            #expect(verdict.valid, "\(verdict.output)")
        }
    }

    /// Each method the document does not name for a path answers `405`, allowing exactly those it names (and
    /// `HEAD` beside `GET`), as a fuzzer probing undocumented methods expects.
    @Test(arguments: TestEngine.allCases)
    func undocumentedMethodsAnswer405AllowingTheDocumentedOnes(_ engine: TestEngine) async throws {
        let paths = try Self.document.get().json["paths"]?.objectValue ?? [:]
        try await withTestApp(engine) { app in
            for (path, item) in paths {
                var documented = Set((item.objectValue ?? [:]).keys.map { $0.uppercased() })
                if documented.contains("GET") { documented.insert("HEAD") }
                let uri = path.replacing(/\{[^}]*\}/, with: "x")
                for method in MethodNotAllowed.methods where !documented.contains(method.rawValue) {
                    let response = try await app.request(method, uri)
                    #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                    let allowed = (response.headers[.allow] ?? "").split(separator: ",").map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }
                    #expect(Set(allowed) == documented, "\(method) \(path)")
                }
            }
        }
    }

    /// The `code` values the document lists are exactly those `APIError` writes, for every status the server
    /// answers with an error (the transport's 408 and 431 included).
    @Test func errorCodesAreTheOnesTheServerWrites() throws {
        let json = try Self.document.get().json
        let listed = json["components"]?["schemas"]?["Error"]?["properties"]?["code"]?["enum"]?.array ?? []
        let statuses: [HTTPResponse.Status] = [
            .badRequest, .unauthorized, .forbidden, .notFound, .methodNotAllowed, .requestTimeout, .conflict,
            .contentTooLarge, .unsupportedMediaType, .requestHeaderFieldsTooLarge, .tooManyRequests,
            .internalServerError, .serviceUnavailable,
        ]
        let written = statuses.map { APIError($0, "").code }
        #expect(Set(listed.compactMap(\.string)) == Set(written))
        #expect(listed.count == written.count)
    }

    /// What the middleware in front of every route can answer is listed on every operation it stands in front
    /// of, so that a fuzzer meets no undocumented status.
    @Test func everyOperationListsTheAnswersOfItsMiddleware() throws {
        let page = APIReferencePage(document: try Self.document.get().json)
        let open: Set<String> = [
            "/healthz", "/readyz", "/api/openapi.json", "/docs", "/api/client/login", "/api/client/enroll",
        ]
        for operation in page.operations {
            let name = "\(operation.method) \(operation.path)"
            let statuses = Set((operation.object["responses"]?.objectValue ?? [:]).keys)
            if !open.contains(operation.path) {
                #expect(statuses.isSuperset(of: ["401", "429", "500"]), "\(name)")
                #expect(operation.object["security"] == nil, "\(name) needs a key")
                for (status, response) in operation.object["responses"]?.objectValue ?? [:]
                where status.hasPrefix("2") {
                    let headers = Set((response["headers"]?.objectValue ?? [:]).keys)
                    #expect(headers == ["X-RateLimit-Limit", "X-RateLimit-Remaining"], "\(name) \(status)")
                }
            } else {
                #expect(operation.object["security"] == .array([]), "\(name) needs no key")
            }
            if ["post", "put", "patch"].contains(operation.method) {
                #expect(statuses.contains("415"), "\(name)")
            }
            if operation.object["requestBody"] != nil {
                #expect(statuses.isSuperset(of: ["400", "413", "415"]), "\(name)")
            }
            if operation.path.contains("{") {
                #expect(statuses.contains("404"), "\(name)")
            }
        }
    }
}
