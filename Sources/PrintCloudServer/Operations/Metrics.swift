import Foundation
import PrintCloudProtocol
import Prometheus
import Synchronization

/// What the server counts, served in Prometheus' text format at `/metrics` (`--metrics-address`). One
/// registry per process, as Prometheus scrapes a process. Label values come from small fixed sets (routes as
/// registered, methods, states, outcomes), never from ids or input, so the series stay few.
enum Metrics {
    static let registry = PrometheusCollectorRegistry()

    /// Registers every unlabeled metric, so that a fresh server shows them at 0 rather than not at all (a
    /// static is made on first use).
    static func registerAll() {
        let counters = [rateLimited, jobsCreated, messagesIn, messagesOut, badMessages, loginFailures, loginThrottled]
        let gauges = [
            requestsInFlight, jobsQueuedOffline, computersConnected, socketsOpen, outboxPending, outboxOldestAge,
            postgresInFlight,
        ]
        _ = (counters, gauges, [timeToSent, timeToCompleted, commitDuration], commitWrites)
    }

    // MARK: HTTP

    /// One answered request: the route as registered (`/api/printjobs/:id`), never the path asked for.
    static func request(route: String, method: String, status: Int, duration: Duration) {
        let method = knownMethods.contains(method) ? method : "other"
        let key = RequestSeries(route: route, method: method, status: status)
        // The registry checks names and labels on every lookup: each series is looked up once, then kept.
        let series = requestSeries.withLock { known in
            if let series = known[key] { return series }
            let series = (
                registry.makeCounter(
                    descriptor: named(
                        "printcloud_http_requests_total", "HTTP requests answered, by route, method and status."),
                    labels: [("route", route), ("method", method), ("status", String(status))]),
                registry.makeDurationHistogram(
                    descriptor: named(
                        "printcloud_http_request_duration_seconds",
                        "Time to answer an HTTP request, by route and method."),
                    labels: [("route", route), ("method", method)], buckets: latencyBuckets)
            )
            known[key] = series
            return series
        }
        series.0.increment()
        series.1.record(duration)
    }

    private struct RequestSeries: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private static let requestSeries = Mutex<[RequestSeries: (Counter, DurationHistogram)]>([:])

    static let requestsInFlight = registry.makeGauge(
        descriptor: named(
            "printcloud_http_requests_in_flight",
            "HTTP requests under way: routed, not yet answered (an upload counts while its body arrives)."))
    static let rateLimited = registry.makeCounter(
        descriptor: named("printcloud_http_rate_limited_total", "Requests refused by the per-account rate limit (429).")
    )

    // MARK: Jobs

    static let jobsCreated = registry.makeCounter(
        descriptor: named("printcloud_jobs_created_total", "Print jobs created (an idempotent replay is not counted)."))

    /// A job moved to `job.state`; the time from its creation to `sent` and to `completed`.
    static func jobMoved(_ job: JobRecord) {
        transitions[job.state]?.increment()
        let age = Duration.seconds(max(0, job.updatedAt.timeIntervalSince(job.createdAt)))
        switch job.state {
        case .sent: timeToSent.record(age)
        case .completed: timeToCompleted.record(age)
        default: break
        }
    }

    private static let transitions = Dictionary(
        uniqueKeysWithValues: JobState.allCases.map { state in
            (
                state,
                registry.makeCounter(
                    descriptor: named(
                        "printcloud_job_transitions_total", "Print jobs moved to a state, by that state."),
                    labels: [("state", state.rawValue)])
            )
        })

    static let timeToSent = registry.makeDurationHistogram(
        descriptor: named(
            "printcloud_job_time_to_sent_seconds", "Time from a job's creation until it was sent to its computer."),
        buckets: jobBuckets)
    static let timeToCompleted = registry.makeDurationHistogram(
        descriptor: named(
            "printcloud_job_time_to_completed_seconds",
            "Time from a job's creation until its computer reported it completed."), buckets: jobBuckets)
    static let jobsQueuedOffline = registry.makeGauge(
        descriptor: named(
            "printcloud_jobs_queued_offline", "Jobs waiting (pending, sent or printing) for a computer that is offline."
        ))

    // MARK: Desktop clients

    static let computersConnected = registry.makeGauge(
        descriptor: named("printcloud_computers_connected", "Computers signed in on this instance."))
    static let socketsOpen = registry.makeGauge(
        descriptor: named("printcloud_websockets_open", "WebSockets open on this instance, signed in or not yet."))
    static let messagesIn = registry.makeCounter(
        descriptor: named("printcloud_websocket_messages_total", "WebSocket messages, by direction."),
        labels: [("direction", "in")])
    static let messagesOut = registry.makeCounter(
        descriptor: named("printcloud_websocket_messages_total", "WebSocket messages, by direction."),
        labels: [("direction", "out")])
    static let badMessages = registry.makeCounter(
        descriptor: named(
            "printcloud_websocket_bad_messages_total",
            "WebSocket messages refused as bad input (answered with an error message)."))

    // MARK: Webhooks

    /// One delivery attempt: `succeeded`, `retrying` (failed, tried again later) or `failed` (given up).
    static func delivery(_ outcome: String) {
        registry.makeCounter(
            descriptor: named(
                "printcloud_webhook_deliveries_total",
                "Webhook delivery attempts, by outcome: succeeded, retrying or failed (given up)."),
            labels: [("outcome", outcome)]
        ).increment()
    }

    static let outboxPending = registry.makeGauge(
        descriptor: named("printcloud_webhook_outbox_pending", "Webhook deliveries waiting to be sent or retried."))
    static let outboxOldestAge = registry.makeGauge(
        descriptor: named(
            "printcloud_webhook_outbox_oldest_age_seconds",
            "Age of the oldest webhook delivery still waiting; 0 when none waits."))

    // MARK: Storage

    /// Times one read, write or transaction of the stores on `engine`; on PostgreSQL it holds a pool
    /// connection meanwhile. A SQLite write's time includes its wait for the group commit.
    static func databaseCall<T>(_ kind: DatabaseCall, engine: SQLDialect, _ body: () async throws -> T) async rethrows
        -> T
    {
        let start = ContinuousClock.now
        if engine == .postgres { postgresInFlight.increment() }
        defer {
            if engine == .postgres { postgresInFlight.decrement() }
            databaseDurations[engine == .sqlite ? 0 : 1][kind.rawValue].record(ContinuousClock.now - start)
        }
        return try await body()
    }

    enum DatabaseCall: Int, CaseIterable {
        case read, write, transaction
    }

    /// By engine (SQLite, PostgreSQL), then by kind.
    private static let databaseDurations = ["sqlite", "postgres"].map { engine in
        DatabaseCall.allCases.map { kind in
            registry.makeDurationHistogram(
                descriptor: named(
                    "printcloud_database_duration_seconds", "Time of the stores' database calls, by engine and kind."),
                labels: [("engine", engine), ("kind", "\(kind)")], buckets: latencyBuckets)
        }
    }

    static let commitWrites = registry.makeValueHistogram(
        descriptor: named("printcloud_sqlite_commit_writes", "Writes sharing one SQLite commit (group commit)."),
        buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024])
    static let commitDuration = registry.makeDurationHistogram(
        descriptor: named(
            "printcloud_sqlite_commit_duration_seconds", "Time of one SQLite group commit, synced to disk."),
        buckets: latencyBuckets)
    static let postgresInFlight = registry.makeGauge(
        descriptor: named(
            "printcloud_postgres_calls_in_flight",
            "Database calls under way on the PostgreSQL pool (each holds a connection)."))

    // MARK: Sign-in

    static let loginFailures = registry.makeCounter(
        descriptor: named(
            "printcloud_login_failures_total", "Desktop client sign-ins refused for a wrong email or password."))
    static let loginThrottled = registry.makeCounter(
        descriptor: named("printcloud_login_throttled_total", "Desktop client sign-ins refused by the throttle (429)."))

    /// A metric's full name, already with its unit and `_total` where Prometheus wants them, and its help.
    private static func named(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    private static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    private static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5), .seconds(10),
    ]
    private static let jobBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5),
        .seconds(30), .seconds(60), .seconds(300), .seconds(3600), .seconds(86400),
    ]
}
