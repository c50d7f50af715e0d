import Hummingbird
import Logging
import ServiceLifecycle

/// A Hummingbird application a test runs in the background. It is stopped by a graceful shutdown, never by
/// cancelling its task: cancelling can leave a just-accepted connection that nothing closes, and NIO traps
/// on it ("Deinited NIOAsyncWriter without calling finish()"; apple/swift-nio#3481).
public struct RunningServer: Sendable {
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Starts `app`; returns once it listens, with the port it got.
    public static func start(
        _ makeApp: (_ onServerRunning: @escaping @Sendable (Int) -> Void) -> some ApplicationProtocol & Service,
        logger: Logger
    ) async throws -> (server: RunningServer, port: Int) {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = makeApp { continuation.yield($0) }
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            throw ProcessError(message: "\(logger.label) did not start")
        }
        return (RunningServer(group: group, task: task), port)
    }

    /// Stops taking connections, lets the open ones finish, and returns once the port is free.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
