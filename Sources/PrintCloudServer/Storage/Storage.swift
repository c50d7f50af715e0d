import Logging
import PostgresNIO

/// Every store of the server, on one database.
public struct Storage: Sendable {
    public let location: DatabaseLocation
    public let accounts: any AccountStore
    public let apiKeys: any APIKeyStore
    public let enrollmentCodes: any EnrollmentCodeStore
    public let dashboardSessions: any DashboardSessionStore
    public let computers: any ComputerStore
    public let jobs: any JobStore
    public let webhooks: any WebhookStore
    public let instances: any InstanceStore
    /// The SQLite database behind the stores, when that is the engine (for its write statistics).
    public let sqlite: SQLiteDatabase?
    /// The PostgreSQL database behind the stores, when that is the engine (for the instances' bus).
    let postgres: PostgresDatabase?
    /// Where the stores run their statements, for the few reads that span features (metrics, readiness).
    let statements: any SQLStatements

    /// Opens the database at `location`, applies migrations, runs `body` with the stores and closes
    /// the database when `body` returns.
    public static func withOpen<T: Sendable>(
        _ location: DatabaseLocation,
        logger: Logger,
        _ body: @Sendable (Storage) async throws -> T
    ) async throws -> T {
        switch location {
        case .sqlite(let path):
            let database = try SQLiteDatabase(path: path)
            let storage = Storage(
                location: location,
                accounts: SQLAccountStore(database: database),
                apiKeys: SQLAPIKeyStore(database: database),
                enrollmentCodes: SQLEnrollmentCodeStore(database: database),
                dashboardSessions: SQLDashboardSessionStore(database: database),
                computers: SQLComputerStore(database: database),
                jobs: SQLJobStore(database: database),
                webhooks: SQLWebhookStore(database: database),
                instances: SQLInstanceStore(database: database),
                sqlite: database,
                postgres: nil,
                statements: database
            )
            return try await body(storage)
        case .postgres(let url):
            let client = try PostgresDatabase.makeClient(url: url, logger: logger)
            let database = PostgresDatabase(client: client, logger: logger)
            // The client's pool only works while run() runs; it lives exactly as long as `body`.
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                try await database.migrate()
                let storage = Storage(
                    location: location,
                    accounts: SQLAccountStore(database: database),
                    apiKeys: SQLAPIKeyStore(database: database),
                    enrollmentCodes: SQLEnrollmentCodeStore(database: database),
                    dashboardSessions: SQLDashboardSessionStore(database: database),
                    computers: SQLComputerStore(database: database),
                    jobs: SQLJobStore(database: database),
                    webhooks: SQLWebhookStore(database: database),
                    instances: SQLInstanceStore(database: database),
                    sqlite: nil,
                    postgres: database,
                    statements: database
                )
                return try await body(storage)
            }
        }
    }
}
