import Foundation
import Logging
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// The webhook address policy: what creation refuses, and what a delivery to a refused address records.
/// Only loopback is ever connected to; every other form is checked as a parsed or resolved literal.
@Suite(.timeLimit(.minutes(10))) struct WebhookAddressTests {
    /// Literal forms of refused addresses: creation resolves them without the network and connects to none.
    static let refusedURLs = [
        "http://[::1%251]:9/hook", "http://[::127.0.0.1]/hook", "http://[::7f00:1]/hook",
        "http://[::ffff:127.0.0.1]/hook", "http://[64:ff9b::7f00:1]/hook", "http://[2002:7f00:1::]/hook",
        "http://[::ffff:10.0.0.1]/hook", "http://[64:ff9b::a00:1]/hook", "http://[2002:a00:1::]/hook",
        "http://[::ffff:169.254.169.254]/latest", "http://[64:ff9b::a9fe:a9fe]/latest", "http://[2002:a9fe:a9fe::]/",
        "http://[fe80::1%25eth0]/hook", "http://[fec0::1]/hook", "http://[fd00::1]/hook", "http://[2001::1]/hook",
        "http://[2001:db8::1]/hook", "http://[ff02::1]/hook", "http://[::]/hook", "http://198.18.0.1/hook",
        "http://100.64.0.1/hook", "http://224.0.0.1/hook", "http://240.0.0.1/hook", "http://255.255.255.255/hook",
        "http://0.0.0.0:9/hook", "http://127.1:9/hook", "http://2130706433:9/hook", "http://192.0.2.1/hook",
    ]

    // One server for the whole table: a database per form would crowd the suite's PostgreSQL.
    @Test(arguments: TestEngine.allCases)
    func aWebhookToARefusedAddressIsRefusedAtCreationNamingTheURL(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            for url in Self.refusedURLs {
                let response = try await app.request(
                    .post, "/api/webhooks", key: account.fullKey, json: #"{"url": "\#(url)", "events": ["all"]}"#)
                #expect(response.status == .badRequest, "\(url)")
                let message = try response.apiError().message
                #expect(message.hasPrefix("url: address not allowed"), "\(url): \(message)")
            }
            #expect(try await app.request(.get, "/api/webhooks", key: account.fullKey).array().isEmpty)
        }
    }

    /// Public addresses, plain and embedded in IPv6 forms. Created only, never delivered to: no event is fired.
    static let publicURLs = [
        "http://8.8.8.8/hook", "http://[2606:4700::1111]/hook", "http://[::ffff:8.8.8.8]/hook",
        "http://[64:ff9b::808:808]/hook", "http://[2002:808:808::]/hook",
    ]

    @Test(arguments: TestEngine.allCases)
    func aWebhookToAPublicAddressIsCreated(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            for url in Self.publicURLs {
                let response = try await app.request(
                    .post, "/api/webhooks", key: account.fullKey,
                    json: #"{"url": "\#(url)", "secret": "my_secret_123", "events": ["job.created"]}"#)
                #expect(response.status == .created, "\(url): \(response.text)")
                let id = try #require(try response.object()["id"] as? String)
                #expect(try await app.request(.delete, "/api/webhooks/\(id)", key: account.fullKey).status == .ok)
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aWebhookCannotBeMovedToARefusedAddress(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let created = try await app.request(
                .post, "/api/webhooks", key: account.fullKey,
                json: #"{"url": "http://8.8.8.8/hook", "secret": "my_secret_123", "events": ["job.created"]}"#)
            let id = try #require(try created.object()["id"] as? String)
            let moved = try await app.request(
                .patch, "/api/webhooks/\(id)", key: account.fullKey, json: #"{"url": "http://[::ffff:7f00:1]:631/"}"#)
            #expect(moved.status == .badRequest)
            #expect(try moved.apiError().message.hasPrefix("url: address not allowed"))
            let shown = try await app.request(.get, "/api/webhooks/\(id)", key: account.fullKey)
            #expect(try shown.object()["url"] as? String == "http://8.8.8.8/hook")
            #expect(try await app.request(.delete, "/api/webhooks/\(id)", key: account.fullKey).status == .ok)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aDeliveryToARefusedAddressSaysOnlyAddressNotAllowed(_ engine: TestEngine) async throws {
        let receiver = try await WebhookReceiver.start()
        try await withTestDatabase(engine) { database in
            let webhookID = WebhookIDBox()
            try await withTestApp(location: database, configure: WebhookTests.allowPrivate) { app in
                let account = try await app.makeAccount()
                let id = try await WebhookTests().addWebhook(app, key: account.fullKey, url: receiver.url)
                await webhookID.set(id, key: account.fullKey)
            }
            // The same webhook, the server now started without --allow-private-webhooks.
            try await withTestApp(location: database, configure: { $0.webhookPollInterval = .milliseconds(20) }) {
                app in
                let (id, key) = await (webhookID.id, webhookID.key)
                _ = try await app.request(.patch, "/api/webhooks/\(id)", key: key, json: #"{"active": true}"#)
                #expect(try await app.request(.post, "/api/webhooks/\(id)/test", key: key).status == .accepted)
                var delivery: [String: Any] = [:]
                try await eventually("attempted") {
                    delivery =
                        try await app.request(.get, "/api/webhooks/\(id)/deliveries", key: key).array().first ?? [:]
                    return (delivery["attempts"] as? Int ?? 0) > 0
                }
                #expect(delivery["error"] as? String == "address not allowed")
                #expect(delivery["statusCode"] == nil)
            }
        }
        #expect(await receiver.requests.isEmpty)
        await receiver.stop()
    }

    /// A name that resolved to an allowed address when checked and to a refused one when connected (DNS
    /// rebinding), stood for by a worker whose own check allows everything and whose client checks the
    /// connection: the receiver on loopback is connected to, and gets nothing.
    @Test(arguments: TestEngine.allCases)
    func theConnectionCheckRefusesBeforeTheRequestIsWritten(_ engine: TestEngine) async throws {
        let receiver = try await WebhookReceiver.start()
        try await withTestDatabase(engine) { database in
            try await Storage.withOpen(database, logger: Logger(label: "test")) { storage in
                let accounts = AccountService(storage: storage, passwords: PasswordHasher(cost: 4), clock: .system)
                let (user, _) = try await accounts.createAccount(email: "rebind@example.com", password: "long enough")
                let allowing = WebhookAddressPolicy(allowPrivate: true)
                let webhooks = WebhookService(store: storage.webhooks, policy: allowing, clock: .system)
                let (webhook, _) = try await webhooks.create(
                    accountID: user.accountID, url: receiver.url, secret: "my_secret_123", events: ["all"])
                _ = try await webhooks.sendTest(webhookID: webhook.id, accountID: user.accountID)
                let due = try #require(
                    try await storage.webhooks.claimDueDeliveries(
                        at: Date(), leaseUntil: Date().addingTimeInterval(60), limit: 1
                    ).first)

                let worker = WebhookDeliveryWorker(
                    store: storage.webhooks, policy: allowing, clock: .system, settings: .init(),
                    logger: Logger(label: "test"))
                let client = WebhookDeliveryWorker.makeHTTPClient(policy: WebhookAddressPolicy(allowPrivate: false))
                await worker.deliver(due, with: client)
                try await client.shutdown()

                let delivery = try #require(
                    try await webhooks.deliveries(webhookID: webhook.id, accountID: user.accountID).first)
                #expect(delivery.lastError == "address not allowed")
                #expect(delivery.lastStatusCode == nil)
                #expect(delivery.attempts == 1)
            }
        }
        #expect(await receiver.requests.isEmpty)
        await receiver.stop()
    }
}

/// A webhook id and its account's key, handed from one server run to the next.
actor WebhookIDBox {
    var id = ""
    var key = ""
    func set(_ id: String, key: String) {
        self.id = id
        self.key = key
    }
}
