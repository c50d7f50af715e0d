import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// Assembles the server from its configuration and storage; `serve` and every test call this.
public func buildApplication(
    configuration: AppConfiguration,
    storage: Storage,
    logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let accounts = AccountService(storage: storage, passwords: configuration.passwords, clock: configuration.clock)
    let computers = ComputerService(store: storage.computers, clock: configuration.clock)
    let hub = ComputerHub()
    // No socket survives a restart of this server, so no computer is online yet.
    try await computers.markAllOffline()

    let router = buildRouter(configuration: configuration, accounts: accounts, computers: computers, hub: hub)
    let socket = ComputerSocket(
        accounts: accounts, computers: computers, hub: hub, signInTimeout: configuration.signInTimeout,
        maxMessageSize: configuration.maxMessageSize)
    let webSocketRouter = Router(context: BasicWebSocketRequestContext.self)
    webSocketRouter.ws("ws") { inbound, outbound, context in
        await socket.serve(inbound: inbound, outbound: outbound, logger: context.logger)
    }
    let webSocket = WebSocketServerConfiguration(
        maxFrameSize: configuration.maxMessageSize, autoPing: .enabled(timePeriod: configuration.pingInterval))
    let heartbeat = ComputerHeartbeat(
        hub: hub, computers: computers, interval: configuration.pingInterval, logger: logger)

    return Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter, configuration: .init(ws: webSocket)),
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port)),
        services: [heartbeat],
        onServerRunning: onServerRunning,
        logger: logger
    )
}

func buildRouter(
    configuration: AppConfiguration, accounts: AccountService, computers: ComputerService, hub: ComputerHub
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    // Router middleware wraps only routes added after it, so it comes first.
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorMiddleware())

    HealthRoutes().register(on: router)
    LoginRoutes(accounts: accounts, bodyLimit: configuration.maxBodySize).register(on: router.group("api/client"))

    let api = router.group("api").add(middleware: AuthenticationMiddleware(accounts: accounts))
    if configuration.rateLimit > 0 {
        api.add(
            middleware: RateLimitMiddleware(
                limiter: RateLimiter(limit: configuration.rateLimit, clock: configuration.clock)))
    }
    WhoAmIRoutes(accounts: accounts).register(on: api)
    APIKeyRoutes(accounts: accounts, hub: hub, bodyLimit: configuration.maxBodySize)
        .register(on: api.group("account/apikeys"))
    ComputerRoutes(computers: computers, hub: hub).register(on: api.group("computers"))
    PrinterRoutes(computers: computers).register(on: api.group("printers"))
    return router
}
