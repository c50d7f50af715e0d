import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// The PostgreSQL store: a `PostgresClient` pool. PostgreSQL groups commits itself.
public struct PostgresDatabase: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Makes a client for `url` (`postgres://user:password@host:port/database?sslmode=disable|prefer|require`).
    /// It connects once `client.run()` is running.
    static func makeClient(url: String, logger: Logger) throws -> PostgresClient {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw StoreError.badLocation("not a PostgreSQL URL: expected postgres://user:password@host:port/database")
        }
        let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        case "require": tls = .require(.makeClientConfiguration())
        default: throw StoreError.badLocation("sslmode must be disable, prefer or require")
        }
        let database = String(components.path.drop { $0 == "/" })
        let configuration = PostgresClient.Configuration(
            host: host,
            port: components.port ?? 5432,
            username: components.user ?? "postgres",
            password: components.password,
            database: database.isEmpty ? nil : database,
            tls: tls
        )
        return PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Applies the migrations not applied yet, each in its own transaction. An advisory lock keeps two
    /// instances starting together from running the same step twice.
    func migrate() async throws {
        // Under the lock too: two concurrent CREATE TABLE IF NOT EXISTS can both try to create it.
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7420001)", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    number INT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """,
                logger: logger
            )
        }
        for migration in Migrations.all {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(7420001)", logger: logger)
                let applied = try await connection.query(
                    "SELECT 1 FROM schema_migrations WHERE number = \(migration.number)", logger: logger
                ).collect()
                guard applied.isEmpty else { return }
                for statement in migration.sql(for: .postgres) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (number, name) VALUES (\(migration.number), \(migration.name))",
                    logger: logger
                )
                logger.info("applied migration", metadata: ["migration": "\(migration.identifier)"])
            }
        }
    }
}
