import Hummingbird
import Logging
import NIOCore

/// Assembles the server from its configuration and storage; `serve` and every test call this.
public func buildApplication(
    configuration: AppConfiguration,
    storage: Storage,
    logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let accounts = AccountService(storage: storage, passwords: configuration.passwords, clock: configuration.clock)
    let router = buildRouter(configuration: configuration, accounts: accounts)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port)),
        onServerRunning: onServerRunning,
        logger: logger
    )
}

func buildRouter(configuration: AppConfiguration, accounts: AccountService) -> Router<AppRequestContext> {
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
    APIKeyRoutes(accounts: accounts, bodyLimit: configuration.maxBodySize).register(on: api.group("account/apikeys"))
    return router
}
