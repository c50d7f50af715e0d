import Foundation
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL that `scripts/test` starts, as `PRINTCLOUD_TEST_POSTGRES_URL`.
public enum TestPostgres {
    public static var baseURL: String? { ProcessInfo.processInfo.environment["PRINTCLOUD_TEST_POSTGRES_URL"] }

    /// Runs `body` with the URL of a fresh, empty database that is dropped afterwards.
    /// Without a server: a failure in CI, a printed skip elsewhere.
    public static func withDatabase(_ body: (String) async throws -> Void) async throws {
        guard let baseURL else {
            recordMissing("PRINTCLOUD_TEST_POSTGRES_URL is not set: run scripts/test, which starts PostgreSQL")
            return
        }
        try await databases.run { try await withFreshDatabase(baseURL, body) }
    }

    /// Tests running together share one server of `max_connections=400`: unlimited, they ran out of
    /// connections; sixteen databases at once peaked at 60 (a test's pool may open up to 20). Sixteen were
    /// too few once the suite grew: tests that hold a database for long (pings, retries) made the others wait
    /// their turn past their suites' time limits.
    private static let databases = AsyncLimiter(32)

    private static func withFreshDatabase(_ baseURL: String, _ body: (String) async throws -> Void) async throws {
        var components = try #require(URLComponents(string: baseURL))
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await administer(baseURL, "CREATE DATABASE \(name)")
        components.path = "/" + name
        let url = try #require(components.string)
        do {
            try await body(url)
        } catch {
            try? await administer(baseURL, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
        try await administer(baseURL, "DROP DATABASE \(name) WITH (FORCE)")
    }

    private static func administer(_ url: String, _ sql: String) async throws {
        let components = try #require(URLComponents(string: url))
        let configuration = PostgresClient.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432,
            username: components.user ?? "postgres", password: components.password,
            database: String(components.path.dropFirst()), tls: .disable)
        var logger = Logger(label: "test-postgres")
        // PostgresNIO warns when the query starts before `run()` does: a harmless race, hundreds of times a run.
        logger.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
        }
    }
}
