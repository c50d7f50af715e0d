import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A real HTTP server on loopback that records every request it gets and answers with the statuses it
/// is told (200 once those run out): the webhook receiver of the tests.
public final class WebhookReceiver: Sendable {
    /// One request as received.
    public struct Received: Sendable {
        public let headers: [String: String]
        public let body: Data

        public func header(_ name: String) -> String? { headers[name.lowercased()] }

        public var json: [String: String] {
            (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?.compactMapValues { $0 as? String } ?? [:]
        }
    }

    actor Log {
        var requests: [Received] = []
        var statuses: [Int]

        init(statuses: [Int]) { self.statuses = statuses }

        func record(_ request: Received) -> Int {
            requests.append(request)
            return statuses.isEmpty ? 200 : statuses.removeFirst()
        }
    }

    public let port: Int
    private let log: Log
    private let server: RunningServer

    private init(port: Int, log: Log, server: RunningServer) {
        self.port = port
        self.log = log
        self.server = server
    }

    public var url: String { "http://127.0.0.1:\(port)/hook" }

    public var requests: [Received] {
        get async { await log.requests }
    }

    /// Starts a receiver on `port` (0: any free port) answering `statuses` in turn, then 200.
    public static func start(port: Int = 0, statuses: [Int] = []) async throws -> WebhookReceiver {
        let log = Log(statuses: statuses)
        let router = Router()
        router.post("hook") { request, context -> Response in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let body = try await request.body.collect(upTo: 1 << 20)
            let status = await log.record(Received(headers: headers, body: Data(body.readableBytesView)))
            return Response(status: .init(code: status))
        }
        var logger = Logger(label: "the webhook receiver")
        logger.logLevel = .critical
        let (server, bound) = try await RunningServer.start(
            { running in
                Application(
                    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                    onServerRunning: { channel in running(channel.localAddress?.port ?? 0) }, logger: logger)
            }, logger: logger)
        return WebhookReceiver(port: bound, log: log, server: server)
    }

    /// Stops the server; its port is free again.
    public func stop() async {
        await server.stop()
    }
}

/// A port that was free a moment ago, for a server a test starts later.
public func freePort() async throws -> Int {
    let probe = try await WebhookReceiver.start()
    await probe.stop()
    return probe.port
}
