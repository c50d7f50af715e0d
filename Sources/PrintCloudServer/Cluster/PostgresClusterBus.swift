import Foundation
import Logging
import PostgresNIO

/// The bus over PostgreSQL's `LISTEN`/`NOTIFY`: one pooled connection listens for as long as the server runs.
struct PostgresClusterBus: ClusterBus {
    static let channel = "printcloud_cluster"

    let database: PostgresDatabase
    let logger: Logger

    func publish(_ envelope: ClusterEnvelope) async {
        do {
            let payload = String(decoding: try JSONEncoder().encode(envelope), as: UTF8.self)
            try await database.client.query("SELECT pg_notify(\(Self.channel), \(payload))", logger: logger)
        } catch {
            logger.warning("could not notify the other instances", metadata: ["error": "\(error)"])
        }
    }

    func listen(
        subscribed: @escaping @Sendable () async -> Void,
        receive: @escaping @Sendable (ClusterEnvelope) async -> Void
    ) async {
        var backoff = Duration.milliseconds(250)
        while !Task.isCancelled {
            do {
                try await database.client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        backoff = .milliseconds(250)
                        await subscribed()
                        for try await notification in notifications {
                            guard
                                let envelope = try? JSONDecoder().decode(
                                    ClusterEnvelope.self, from: Data(notification.payload.utf8))
                            else {
                                logger.warning("ignored a malformed cluster message")
                                continue
                            }
                            await receive(envelope)
                        }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("lost the cluster channel; listening again", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(10))
        }
    }
}
