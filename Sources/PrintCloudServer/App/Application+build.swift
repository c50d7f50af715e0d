import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// Assembles the server from its configuration and storage; `serve` and every test call this.
/// `onRoutes` is given the routes as registered, before the generated `405` and `HEAD` answers, so that a
/// test can hold the OpenAPI document against them; `onMetricsRunning` the port `/metrics` listens on.
public func buildApplication(
    configuration: AppConfiguration,
    storage: Storage,
    logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in },
    onRoutes: ([Router<AppRequestContext>.RouteDescription]) -> Void = { _ in },
    onMetricsRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let clock = configuration.clock
    let accounts = AccountService(
        storage: storage, passwords: configuration.passwords, clock: clock,
        keyCacheLifetime: configuration.keyCacheLifetime)
    let computers = ComputerService(
        store: storage.computers, clock: clock, printerCacheLifetime: configuration.printerCacheLifetime)
    let jobs = JobService(
        jobs: storage.jobs, computers: computers, clock: clock, maxDocumentSize: configuration.maxDocumentSize,
        defaultExpiry: configuration.jobExpiry)
    let hub = ComputerHub()
    let address = ServerAddress(configuration.publicURL ?? "http://\(configuration.hostname):\(configuration.port)")
    let dispatcher = JobDispatcher(
        hub: hub, jobs: jobs, address: address, inlineLimit: configuration.inlineDocumentLimit,
        window: configuration.dispatchWindow, offersWithoutReading: storage.postgres == nil, clock: clock,
        logger: logger)
    let instanceID = Identifiers.make("ins_")
    var logger = logger
    logger[metadataKey: "instance"] = "\(instanceID)"
    let bus = storage.postgres.map { PostgresClusterBus(database: $0, logger: logger) }
    let cluster = Cluster(
        instanceID: instanceID, bus: bus, hub: hub, dispatcher: dispatcher, jobs: jobs, keys: accounts.keyCache,
        printers: computers.recentPrinters,
        logger: logger)
    let rateLimiter = RateLimiter(limit: configuration.rateLimit, clock: clock)
    let heartbeat = InstanceHeartbeat(
        instanceID: instanceID, store: storage.instances, computers: computers, clock: clock,
        interval: configuration.instanceHeartbeat, onLiveInstances: { await rateLimiter.share(among: $0) },
        logger: logger)
    // Computers still marked online from a previous run are offline: on SQLite no other instance can hold
    // them; on PostgreSQL, those of instances that stopped beating.
    try await heartbeat.beat(alone: bus == nil)

    Metrics.registerAll()
    let queries = OperationsQueries(database: storage.statements)
    let readiness = Readiness(queries: queries, shutdown: configuration.shutdown)
    let cors = try CORSPolicy(allowing: configuration.corsOrigins)
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Router middleware wraps only routes added after it, so it comes first.
    if cors.isEnabled {
        router.add(middleware: CORSMiddleware(policy: cors))
    }
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorMiddleware())
    // The dashboard's HTML forms, before the API's rule that bodies are JSON (and the check of NULs in paths,
    // which its fixed paths do not need); they carry CSRF tokens instead.
    let policy = WebhookAddressPolicy(allowPrivate: configuration.allowPrivateWebhooks)
    let webhooks = WebhookService(store: storage.webhooks, policy: policy, clock: clock)
    let sessions = DashboardSessions(store: storage.dashboardSessions, accounts: accounts, clock: clock)
    DashboardRoutes(
        sessions: sessions,
        computers: computers, jobs: jobs, accounts: accounts, webhooks: webhooks, cluster: cluster,
        changes: AccountChanges(statements: storage.statements), publicURL: configuration.publicURL,
        address: address
    ).register(on: router)
    router.add(middleware: JSONContentTypeMiddleware())
    router.add(middleware: PathNULMiddleware())
    HealthRoutes(readiness: readiness).register(on: router)
    try OpenAPIRoutes(document: .load()).register(on: router)
    let enrollment = EnrollmentService(storage: storage, clock: clock)
    let client = router.group("api/client")
    LoginRoutes(accounts: accounts, bodyLimit: configuration.maxBodySize).register(on: client)
    EnrollRoutes(enrollment: enrollment, bodyLimit: configuration.maxBodySize).register(on: client)

    let api = router.group("api").add(middleware: AuthenticationMiddleware(accounts: accounts))
    if configuration.rateLimit > 0 {
        api.add(middleware: RateLimitMiddleware(limiter: rateLimiter))
    }
    WhoAmIRoutes(accounts: accounts).register(on: api)
    APIKeyRoutes(accounts: accounts, cluster: cluster, bodyLimit: configuration.maxBodySize)
        .register(on: api.group("account/apikeys"))
    EnrollmentCodeRoutes(enrollment: enrollment, bodyLimit: configuration.maxBodySize)
        .register(on: api.group("account/enrollment-codes"))
    ComputerRoutes(computers: computers, cluster: cluster).register(on: api.group("computers"))
    PrinterRoutes(computers: computers).register(on: api.group("printers"))
    // A print job's body carries its document in base64, a third larger than the document itself.
    let jobBodyLimit = max(configuration.maxBodySize, configuration.maxDocumentSize / 3 * 4 + 1024 * 1024)
    PrintJobRoutes(jobs: jobs, cluster: cluster, bodyLimit: jobBodyLimit)
        .register(on: api.group("printjobs"))
    WebhookRoutes(webhooks: webhooks, bodyLimit: configuration.maxBodySize).register(on: api.group("webhooks"))
    onRoutes(router.routes)
    MethodNotAllowed.register(on: router, cors: cors)

    let socket = ComputerSocket(
        accounts: accounts, computers: computers, jobs: jobs, dispatcher: dispatcher, hub: hub, cluster: cluster,
        signInTimeout: configuration.signInTimeout, maxMessageSize: configuration.maxMessageSize)
    let webSocketRouter = Router(context: SocketRequestContext.self)
    webSocketRouter.ws("ws") { inbound, outbound, context in
        try await socket.serve(
            inbound: inbound, outbound: outbound, channel: context.requestContext.channel, logger: context.logger)
    }
    // RFC 6455 requires invalid UTF-8 in a text message to close the socket (1007), not to be patched up.
    let webSocket = WebSocketServerConfiguration(
        maxFrameSize: configuration.maxMessageSize, autoPing: .enabled(timePeriod: configuration.pingInterval),
        closeTimeout: configuration.webSocketCloseTimeout, validateUTF8: true)
    let http1 = HTTP1Channel.Configuration(idleTimeout: TimeAmount(configuration.idleTimeout))

    var services: [any Service] = [
        heartbeat,
        ComputerHeartbeat(
            hub: hub, computers: computers, instances: storage.instances, instanceID: instanceID, clock: clock,
            interval: configuration.pingInterval, logger: logger),
        PeriodicCleanup(removes: "documents of finished jobs", every: .seconds(3600), logger: logger) {
            [documentRetention = configuration.documentRetention] in
            try await jobs.purgeDocuments(olderThan: documentRetention)
        },
        PeriodicCleanup(removes: "ended dashboard sessions", every: .seconds(3600), logger: logger) {
            try await sessions.sweep()
        },
        WebhookDeliveryWorker(
            store: storage.webhooks, policy: policy, clock: clock,
            settings: .init(
                pollInterval: configuration.webhookPollInterval, firstRetry: configuration.webhookFirstRetry),
            logger: logger),
    ]
    if let (metricsHostname, metricsPort) = configuration.metricsAddress {
        let metricsRouter = Router()
        MetricsRoutes(queries: queries, hub: hub, readiness: readiness, clock: clock, logger: logger)
            .register(on: metricsRouter)
        services.append(
            Application(
                router: metricsRouter, configuration: .init(address: .hostname(metricsHostname, port: metricsPort)),
                onServerRunning: { channel in await onMetricsRunning(channel.localAddress?.port ?? metricsPort) },
                logger: logger))
    }
    services.append(QueueSweep(cluster: cluster, interval: configuration.queueSweepInterval))
    if let bus {
        services.append(ClusterListener(cluster: cluster, bus: bus))
    }
    let hostname = configuration.hostname == "0.0.0.0" ? "127.0.0.1" : configuration.hostname
    return Application(
        router: router,
        server: .guardedHTTP1WebSocketUpgrade(
            webSocketRouter: webSocketRouter, configuration: .init(http1: http1, ws: webSocket),
            headerTimeout: configuration.headerTimeout),
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port)),
        services: services,
        onServerRunning: { channel in
            if configuration.publicURL == nil, let port = channel.localAddress?.port {
                address.set("http://\(hostname):\(port)")
            }
            await onServerRunning(channel)
        },
        logger: logger
    )
}
