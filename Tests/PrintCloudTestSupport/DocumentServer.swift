import Foundation
import Hummingbird
import Logging

/// A real HTTP server on a loopback address that serves documents and redirects, and records the path of
/// every request it gets: the far end of the desktop client's download tests.
public final class DocumentServer: Sendable {
    /// What a path answers.
    public enum Answer: Sendable {
        case document(Data)
        /// A `302` to this location.
        case redirect(String)
    }

    actor Log {
        var paths: [String] = []
        func record(_ path: String) { paths.append(path) }
    }

    public let host: String
    public let port: Int
    private let log: Log
    private let server: RunningServer

    private init(host: String, port: Int, log: Log, server: RunningServer) {
        self.host = host
        self.port = port
        self.log = log
        self.server = server
    }

    /// `http://host:port`, without a trailing slash.
    public var baseURL: String { "http://\(host):\(port)" }

    /// The paths requested so far, in order.
    public var requestedPaths: [String] {
        get async { await log.paths }
    }

    /// Starts a server on `host` (a loopback address) answering `answers` by path, and 404 otherwise.
    public static func start(host: String = "127.0.0.1", answers: [String: Answer]) async throws -> DocumentServer {
        let log = Log()
        let router = Router()
        router.get("**") { request, _ -> Response in
            await log.record(request.uri.path)
            switch answers[request.uri.path] {
            case .document(let data):
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: data)))
            case .redirect(let location):
                return Response(status: .found, headers: [.location: location])
            case nil:
                return Response(status: .notFound)
            }
        }
        var logger = Logger(label: "the document server on \(host)")
        logger.logLevel = .critical
        let (server, bound) = try await RunningServer.start(
            { running in
                Application(
                    router: router, configuration: .init(address: .hostname(host, port: 0)),
                    onServerRunning: { channel in running(channel.localAddress?.port ?? 0) }, logger: logger)
            }, logger: logger)
        return DocumentServer(host: host, port: bound, log: log, server: server)
    }

    /// Stops the server.
    public func stop() async {
        await server.stop()
    }
}
