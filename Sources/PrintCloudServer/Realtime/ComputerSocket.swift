import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import PrintCloudProtocol
import Prometheus

/// Serves one desktop client's socket on `/ws`: sign-in first, then printer reports and job states.
/// Bad input is answered with an `error` message and never ends other sockets.
struct ComputerSocket: Sendable {
    let accounts: AccountService
    let computers: ComputerService
    let jobs: JobService
    let dispatcher: JobDispatcher
    let hub: ComputerHub
    let cluster: Cluster
    let signInTimeout: Duration
    let maxMessageSize: Int

    /// Serves the socket until it ends. Rethrows what ended it from the client's side (invalid UTF-8, a
    /// message too large), so that the socket is closed with the code that names it. `channel` is the
    /// socket's connection, ended when the first message does not come in time.
    func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel, logger: Logger
    ) async throws {
        let deadline = SignInDeadline()
        Metrics.socketsOpen.increment()
        defer { Metrics.socketsOpen.decrement() }
        var messages = inbound.messages(maxSize: maxMessageSize).makeAsyncIterator()
        // The session runs in the socket's own task and the deadline in a child that ends at sign-in: every task
        // an idle socket keeps costs it the memory of its deepest call.
        let first = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                guard (try? await Task.sleep(for: signInTimeout)) != nil, await deadline.settle() else { return }
                logger.notice("socket closed: no sign-in in time")
                try? await outbound.close(.policyViolation, reason: "sign-in timed out")
                // The wait for a first message from a peer that may never answer ends with the connection's input.
                try? await channel.close(mode: .input)
            }
            defer { group.cancelAll() }
            return try await messages.next()
        }
        guard let first, await deadline.settle() else { return }
        try await session(first: first, messages: &messages, outbound: outbound, logger: logger)
    }

    private func session(
        first: WebSocketMessage, messages: inout WebSocketInboundMessageStream.AsyncIterator,
        outbound: WebSocketOutboundWriter, logger: Logger
    ) async throws {
        Metrics.messagesIn.increment()
        guard let connection = await briefly({ await signIn(with: first, outbound: outbound, logger: logger) }) else {
            return
        }
        var logger = logger
        logger[metadataKey: "computerId"] = "\(connection.computerID)"
        logger[metadataKey: "account"] = "\(connection.accountID)"
        logger.info("computer connected")

        var ending: (any Error)?
        do {
            while let message = try await messages.next() {
                Metrics.messagesIn.increment()
                await briefly { [logger] in
                    await handle(message, from: connection, outbound: outbound, logger: logger)
                }
            }
        } catch {
            logger.notice("socket ended with an error", metadata: ["error": "\(error)"])
            ending = error
        }
        await hub.unregister(connection)
        do {
            try await computers.markOffline(computerID: connection.computerID, connectionID: connection.id)
        } catch {
            logger.error("could not mark computer offline", metadata: ["error": "\(error)"])
        }
        logger.info("computer disconnected")
        if let ending { throw ending }
    }

    /// Checks the first message is a valid `auth` with a full key, signs the computer in and registers
    /// its socket; nil (after `auth_error` and closing) otherwise.
    private func signIn(
        with message: WebSocketMessage, outbound: WebSocketOutboundWriter, logger: Logger
    ) async -> ComputerHub.Connection? {
        func refuse(_ reason: String) async -> ComputerHub.Connection? {
            logger.notice("sign-in refused", metadata: ["reason": "\(reason)"])
            try? await outbound.send(.authError(message: reason))
            try? await outbound.close(.policyViolation, reason: reason)
            return nil
        }
        guard case .text(let text) = message else {
            return await refuse("The first message must be auth, as JSON text")
        }
        let auth: ClientMessage.Auth
        do {
            guard case .auth(let decoded) = try Self.decode(text) else {
                return await refuse("The first message must be auth")
            }
            auth = decoded
        } catch let error as DecodingError {
            return await refuse("The first message must be auth: \(error.fieldMessage)")
        } catch let error as ServiceError {
            return await refuse("The first message must be auth: \(error.message)")
        } catch {
            return await refuse("The first message must be auth")
        }
        do {
            guard let principal = try await accounts.authenticate(apiKey: auth.apiKey) else {
                return await refuse("Invalid API key")
            }
            guard principal.permission == .full else {
                return await refuse(
                    "This API key is \(principal.permission.rawValue); a full key is needed to sign in a computer")
            }
            let connectionID = UUID().uuidString
            let computer = try await computers.signIn(
                accountID: principal.accountID, auth: auth, connectionID: connectionID,
                instanceID: cluster.instanceID)
            let connection = ComputerHub.Connection(
                id: connectionID, computerID: computer.id, accountID: principal.accountID, keyID: principal.keyID,
                outbound: outbound)
            try await outbound.send(.authOK(computerId: computer.id))
            await hub.register(connection)
            await cluster.signedIn(connection)
            return connection
        } catch let error as ServiceError {
            return await refuse(error.message)
        } catch {
            logger.error("sign-in failed", metadata: ["error": "\(error)"])
            return await refuse("Sign-in failed on the server")
        }
    }

    private func handle(
        _ message: WebSocketMessage, from connection: ComputerHub.Connection, outbound: WebSocketOutboundWriter,
        logger: Logger
    ) async {
        do {
            guard case .text(let text) = message else {
                throw ServiceError(.invalidInput, "Binary frames are not accepted; send JSON text")
            }
            let decoded: ClientMessage
            do {
                decoded = try Self.decode(text)
            } catch let error as DecodingError {
                throw ServiceError(.invalidInput, error.fieldMessage)
            }
            switch decoded {
            case .auth:
                throw ServiceError(.invalidInput, "Already signed in")
            case .printers(let reports):
                let count = try await computers.reportPrinters(reports, computerID: connection.computerID)
                await cluster.printersReported(computerID: connection.computerID)
                try await outbound.send(.printersOK(count: count))
                // Jobs wait for the first report, so the client knows its printers when they arrive.
                if await hub.markReady(connection) {
                    await dispatcher.offerQueued(computerID: connection.computerID)
                }
            case .jobState(let report):
                let transition = try await jobs.report(report, computerID: connection.computerID)
                if report.state.isFinished {
                    await dispatcher.finished(jobID: report.jobId, computerID: connection.computerID)
                }
                switch transition {
                case .moved(let job):
                    logger.info("job state", metadata: ["jobId": "\(job.id)", "state": "\(job.state.rawValue)"])
                case .ignored:
                    logger.debug("late job state ignored", metadata: ["jobId": "\(report.jobId)"])
                case .notFound:
                    throw ServiceError(.notFound, "job_state: no job \(report.jobId) for this computer")
                }
            }
        } catch let error as ServiceError {
            Metrics.badMessages.increment()
            logger.notice("refused a message", metadata: ["reason": "\(error.message)"])
            try? await outbound.send(.error(message: error.message))
        } catch {
            logger.error("could not handle a message", metadata: ["error": "\(error)"])
            try? await outbound.send(.error(message: "The server could not handle this message"))
        }
    }
}

extension ComputerSocket {
    /// Runs `work` in a child task that ends with it. A task keeps the memory its deepest call needed until it
    /// ends, and the socket's task lives as long as the socket: signing in or storing a report (the database,
    /// JSON, the reply) would leave several KiB with every idle socket. (A group's task: an `async let` task
    /// takes its memory from its parent's.)
    func briefly<T: Sendable>(_ work: @escaping @Sendable () async -> T) async -> T {
        await withTaskGroup(of: T.self) { group in
            group.addTask(operation: work)
            // One task was added, so there is one result.
            return await group.next()!
        }
    }

    /// A message as JSON, refusing a key given twice as HTTP bodies do (API.md Part 2).
    static func decode(_ text: String) throws -> ClientMessage {
        let data = Data(text.utf8)
        if let refusal = JSONDuplicateKeys.refusal(of: data) { throw ServiceError(.invalidInput, refusal) }
        return try JSONDecoder().decode(ClientMessage.self, from: data)
    }
}

/// Settles the race between a new socket's first message and its sign-in deadline.
private actor SignInDeadline {
    private var settled = false

    /// True for whichever comes first, the first message or the deadline; false for the other.
    func settle() -> Bool {
        defer { settled = true }
        return !settled
    }
}
