import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PrintCloudProtocol
import Prometheus
import ServiceLifecycle

/// Drains the outbox: POSTs each pending delivery, signed, retrying with exponential backoff and jitter
/// until `retryWindow` has passed, then marks it failed. Deliveries of one job (or computer, or printer)
/// go one at a time in order; others go concurrently, so a slow receiver holds up only its own events.
/// Pending rows survive a restart and are picked up again.
struct WebhookDeliveryWorker: Service {
    struct Settings: Sendable {
        var pollInterval = Duration.milliseconds(250)
        var timeout = Duration.seconds(10)
        var firstRetry = Duration.seconds(2)
        var maxRetry = Duration.seconds(3600)
        var retryWindow = Duration.seconds(24 * 3600)
        var concurrency = 32
        /// How long a claimed delivery is left to this worker before another may send it (its instance died).
        var lease = Duration.seconds(120)
    }

    let store: any WebhookStore
    let policy: WebhookAddressPolicy
    let clock: WallClock
    let settings: Settings
    let logger: Logger

    func run() async throws {
        let client = Self.makeHTTPClient(policy: policy)
        await withTaskGroup(of: String?.self) { group in
            var inFlight: Set<String> = []
            group.addTask {
                try? await Task.sleep(for: .zero); return nil
            }
            while let finished = await group.next() {
                if let finished {
                    inFlight.remove(finished)
                    continue
                }
                guard !Task.isCancelled, !Task.isShuttingDownGracefully else { break }
                // Claim no more than can start now: a claimed delivery waits for its lease to end.
                let room = settings.concurrency - inFlight.count
                for due in room > 0 ? await self.claim(room) : [] where !inFlight.contains(due.delivery.id) {
                    inFlight.insert(due.delivery.id)
                    group.addTask {
                        await self.deliver(due, with: client)
                        return due.delivery.id
                    }
                }
                let interval = settings.pollInterval
                group.addTask {
                    try? await Task.sleep(for: interval); return nil
                }
            }
            // On SIGTERM the attempts under way finish (each within its timeout) and are recorded.
            await group.waitForAll()
        }
        try await client.shutdown()
    }

    /// The client deliveries go through: it checks the address of every connection it opens against
    /// `policy`, before the request (and its secret header) is written.
    static func makeHTTPClient(policy: WebhookAddressPolicy) -> HTTPClient {
        // Redirects are not followed: a receiver must not bounce us to an address the policy refuses.
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        // HTTP/1 only, so the one connection initializer below sees every connection; the HTTP/2 one is set too
        // in case that ever changes.
        configuration.httpVersion = .http1Only
        // The outbox retries a failed delivery with its own backoff. The pool's retries would open one refused
        // connection after another until the timeout, holding a delivery slot all along.
        configuration.connectionPool.retryConnectionEstablishment = false
        if !policy.allowPrivate {
            configuration.http1_1ConnectionDebugInitializer = policy.checkConnection
            configuration.http2ConnectionDebugInitializer = policy.checkConnection
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    private func claim(_ limit: Int) async -> [DueDelivery] {
        do {
            let now = clock.now()
            return try await store.claimDueDeliveries(
                at: now, leaseUntil: now.addingTimeInterval(settings.lease.seconds), limit: limit)
        } catch {
            logger.warning("could not read the webhook outbox", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// One attempt at one delivery, and its outcome recorded.
    func deliver(_ due: DueDelivery, with client: HTTPClient) async {
        let delivery = due.delivery
        var statusCode: Int?
        var failure: String?
        do {
            guard let url = URL(string: due.url) else { throw DeliveryError("the webhook URL is not valid") }
            try await policy.check(url, mustResolve: true)
            let body = Data(delivery.payload.utf8)
            var request = HTTPClientRequest(url: due.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "PrintCloud-Webhooks/1")
            request.headers.add(name: "X-PrintCloud-Webhook-Secret", value: due.secret)
            request.headers.add(name: "X-PrintCloud-Event", value: delivery.eventType)
            request.headers.add(name: "X-PrintCloud-Delivery", value: delivery.id)
            request.headers.add(
                name: "X-PrintCloud-Signature",
                value: WebhookService.signature(body: body, secret: due.secret, at: clock.now()))
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(
                request, timeout: .seconds(Int64(settings.timeout.components.seconds)))
            statusCode = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if !(200..<300).contains(response.status.code) { failure = "HTTP \(response.status.code)" }
        } catch is AddressNotAllowed {
            // Nothing more: which address, port or connect error would tell a caller what listens where.
            failure = AddressNotAllowed().description
        } catch let error as ServiceError {
            failure = error.message
        } catch {
            failure = String(describing: error)
        }
        await record(delivery, statusCode: statusCode, failure: failure)
    }

    private func record(_ delivery: DeliveryRecord, statusCode: Int?, failure: String?) async {
        let now = clock.now()
        let status: DeliveryRecord.Status
        var next = now
        if failure == nil {
            status = .succeeded
        } else {
            next = now.addingTimeInterval(backoff(afterAttempt: delivery.attempts + 1))
            let window = settings.retryWindow.seconds
            status = next.timeIntervalSince(delivery.createdAt) > window ? .failed : .pending
        }
        var metadata: Logger.Metadata = [
            "delivery": "\(delivery.id)", "event": "\(delivery.eventType)", "status": "\(status.rawValue)",
        ]
        if let failure { metadata["error"] = "\(failure)" }
        logger.log(level: failure == nil ? .info : .notice, "webhook delivery", metadata: metadata)
        do {
            try await store.recordAttempt(
                deliveryID: delivery.id, status: status, statusCode: statusCode, error: failure, nextAttemptAt: next,
                at: now)
            // Counted once stored: a scrape that sees the outcome sees the outbox without it.
            Metrics.delivery(status == .pending ? "retrying" : status.rawValue)
        } catch {
            logger.error("could not record a webhook delivery", metadata: ["error": "\(error)"])
        }
    }

    /// Seconds before the next attempt: doubling from `firstRetry` up to `maxRetry`, ±20 % jitter so
    /// retries of many deliveries spread out.
    func backoff(afterAttempt attempt: Int) -> Double {
        let base = min(settings.maxRetry.seconds, settings.firstRetry.seconds * pow(2, Double(max(0, attempt - 1))))
        return base * Double.random(in: 0.8...1.2)
    }
}

struct DeliveryError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
