import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Webhooks against a real HTTP receiver on loopback.
@Suite(.timeLimit(.minutes(10))) struct WebhookTests {
    static let allowPrivate: @Sendable (inout AppConfiguration) -> Void = {
        $0.allowPrivateWebhooks = true
        $0.webhookPollInterval = .milliseconds(20)
    }

    func addWebhook(_ app: TestApp, key: String, url: String, events: String = #"["all"]"#) async throws -> String {
        let response = try await app.request(
            .post, "/api/webhooks", key: key,
            json: #"{"url": "\#(url)", "secret": "my_secret_123", "events": \#(events)}"#)
        #expect(response.status == .created, "\(response.text)")
        return try #require(try response.object()["id"] as? String)
    }

    @Test(arguments: TestEngine.allCases)
    func createAnswersTheDocumentedShape(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: Self.allowPrivate) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(
                .post, "/api/webhooks", key: account.fullKey,
                json:
                    #"{"url": "https://example.com/hook", "secret": "my_secret_123", "events": ["job.state", "printer.state"]}"#
            )
            #expect(response.status == .created)
            let body = try response.object()
            #expect((body["id"] as? String)?.hasPrefix("wh_") == true)
            #expect(body["url"] as? String == "https://example.com/hook")
            #expect(body["events"] as? [String] == ["job.state", "printer.state"])
            #expect(body["active"] as? Bool == true)
            #expect(body["secret"] == nil)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aGeneratedSecretIsShownOnceOnly(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: Self.allowPrivate) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(
                .post, "/api/webhooks", key: account.fullKey,
                json: #"{"url": "https://example.com/h", "events": ["all"]}"#)
            let body = try response.object()
            let secret = try #require(body["secret"] as? String)
            #expect(secret.count >= 32)
            let id = try #require(body["id"] as? String)
            let shown = try await app.request(.get, "/api/webhooks/\(id)", key: account.fullKey)
            #expect(!shown.text.contains(secret))
            let listed = try await app.request(.get, "/api/webhooks", key: account.fullKey)
            #expect(!listed.text.contains(secret))
            #expect(try listed.array().count == 1)
        }
    }

    static let badInputs = [
        (#"{"url": "ftp://example.com", "events": ["all"]}"#, "url"),
        (#"{"url": "not a url", "events": ["all"]}"#, "url"),
        (#"{"events": ["all"]}"#, "url"),
        (#"{"url": "https://example.com", "events": []}"#, "events"),
        (#"{"url": "https://example.com", "events": ["job.deleted"]}"#, "events"),
        (#"{"url": "https://example.com", "events": "all"}"#, "events"),
        (#"{"url": "https://example.com", "events": ["all"], "secret": "short"}"#, "secret"),
    ]

    @Test(arguments: TestEngine.allCases, badInputs)
    func badInputIsRefusedNamingTheField(_ engine: TestEngine, _ input: (json: String, field: String)) async throws {
        let (json, field) = input
        try await withTestApp(engine, configure: Self.allowPrivate) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.post, "/api/webhooks", key: account.fullKey, json: json)
            #expect(response.status == .badRequest)
            #expect(try response.apiError().message.hasPrefix(field), "\(response.text)")
            #expect(try await app.request(.get, "/api/webhooks", key: account.fullKey).array().isEmpty)
        }
    }

    static let privateAddresses = [
        "http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest",
        "http://[::1]/hook", "http://192.168.0.10/hook",
    ]

    @Test(arguments: TestEngine.allCases, privateAddresses)
    func privateAddressesAreRefusedWithoutTheFlag(_ engine: TestEngine, url: String) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(
                .post, "/api/webhooks", key: account.fullKey, json: #"{"url": "\#(url)", "events": ["all"]}"#)
            #expect(response.status == .badRequest)
            #expect(try response.apiError().message.contains("allow-private-webhooks"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func patchDeleteAndAnotherAccountsWebhooks(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: Self.allowPrivate) { app in
            let alice = try await app.makeAccount()
            let bob = try await app.makeAccount()
            let id = try await addWebhook(app, key: alice.fullKey, url: "https://example.com/a")
            let patched = try await app.request(
                .patch, "/api/webhooks/\(id)", key: alice.fullKey, json: #"{"active": false, "events": ["job.state"]}"#)
            #expect(try patched.object()["active"] as? Bool == false)
            #expect(try patched.object()["events"] as? [String] == ["job.state"])
            #expect(try patched.object()["url"] as? String == "https://example.com/a")

            for (method, path) in [
                (HTTPRequest.Method.get, "/api/webhooks/\(id)"), (.patch, "/api/webhooks/\(id)"),
                (.delete, "/api/webhooks/\(id)"), (.get, "/api/webhooks/\(id)/deliveries"),
                (.post, "/api/webhooks/\(id)/test"),
            ] {
                let response = try await app.request(
                    method, path, key: bob.fullKey, json: method == .patch ? "{}" : nil)
                #expect(response.status == .notFound, "\(method) \(path)")
            }
            #expect(try await app.request(.get, "/api/webhooks", key: bob.fullKey).array().isEmpty)
            #expect(try await app.request(.delete, "/api/webhooks/\(id)", key: alice.fullKey).status == .ok)
            #expect(try await app.request(.get, "/api/webhooks/\(id)", key: alice.fullKey).status == .notFound)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aJobsLifeArrivesInOrderSignedAndWithTheSecret(_ engine: TestEngine) async throws {
        let receiver = try await WebhookReceiver.start()
        try await withTestApp(engine, configure: Self.allowPrivate) { app in
            let account = try await app.makeAccount()
            _ = try await addWebhook(app, key: account.fullKey, url: receiver.url)
            let computer = try await TestComputer.online(app, account: account)
            let jobID = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            _ = try await computer.nextJob()
            // The server records `sent` just after writing the frame; a report that overtook it would skip `sent`.
            try await eventually("sent") {
                try await app.jobDetail(jobID, key: account.fullKey)["state"] as? String == "sent"
            }
            try await computer.socket.send(.jobState(.init(jobId: jobID, state: .printing)))
            try await computer.socket.send(.jobState(.init(jobId: jobID, state: .completed, message: "Printed")))
            try await eventually("job completed") {
                try await app.jobDetail(jobID, key: account.fullKey)["state"] as? String == "completed"
            }
            try await computer.socket.close()

            try await eventually("all events") {
                let requests = await receiver.requests
                return requests.filter { $0.json["type"] == "printer.state" }.count == 2
                    && requests.contains { $0.json["type"] == "computer.disconnected" }
                    && requests.filter { $0.json["jobId"] == jobID }.count == 4
            }
            let requests = await receiver.requests
            for request in requests {
                let type = try #require(request.json["type"])
                #expect(request.header("X-PrintCloud-Webhook-Secret") == "my_secret_123")
                #expect(request.header("X-PrintCloud-Event") == type)
                #expect(request.header("Content-Type") == "application/json")
                #expect(request.header("X-PrintCloud-Delivery")?.hasPrefix("whd_") == true)
                #expect(Self.signatureVerifies(request, secret: "my_secret_123"))
                #expect(request.json["timestamp"].map(isAPITimestamp) == true)
            }
            #expect(Set(requests.compactMap { $0.header("X-PrintCloud-Delivery") }).count == requests.count)

            let jobEvents = requests.filter { $0.json["jobId"] == jobID }
            #expect(jobEvents.map { $0.json["type"]! } == ["job.created", "job.state", "job.state", "job.state"])
            #expect(jobEvents.map { $0.json["state"]! } == ["pending", "sent", "printing", "completed"])
            let computerEvents = requests.filter { $0.json["computerId"] == computer.computerID }
            #expect(computerEvents.map { $0.json["type"]! } == ["computer.connected", "computer.disconnected"])
            let printerEvents = requests.filter { $0.json["printerId"] == computer.printerID }
            #expect(printerEvents.map { $0.json["state"]! } == ["online", "offline"])
        }
        await receiver.stop()
    }

    @Test(arguments: TestEngine.allCases)
    func a500IsRetriedUntilItSucceeds(_ engine: TestEngine) async throws {
        let receiver = try await WebhookReceiver.start(statuses: [500])
        try await withTestApp(engine, configure: Self.allowPrivate) { app in
            let account = try await app.makeAccount()
            let id = try await addWebhook(app, key: account.fullKey, url: receiver.url)
            let queued = try await app.request(.post, "/api/webhooks/\(id)/test", key: account.fullKey)
            #expect(queued.status == .accepted)
            let deliveryID = try #require(try queued.object()["deliveryId"] as? String)
            try await eventually("first attempt") { await receiver.requests.count == 1 }
            try await eventually("retry scheduled") {
                try await app.request(.get, "/api/webhooks/\(id)/deliveries", key: account.fullKey).array().first?[
                    "statusCode"] as? Int == 500
            }
            app.clock.advance(by: 10)
            try await eventually("retried") { await receiver.requests.count == 2 }
            let requests = await receiver.requests
            #expect(requests.map { $0.header("X-PrintCloud-Delivery") } == [deliveryID, deliveryID])
            #expect(requests.allSatisfy { $0.json["type"] == "ping" })
            try await eventually("recorded") {
                let deliveries = try await app.request(.get, "/api/webhooks/\(id)/deliveries", key: account.fullKey)
                    .array()
                return deliveries.first?["status"] as? String == "succeeded"
                    && deliveries.first?["attempts"] as? Int == 2
            }
            app.clock.advance(by: 3600)
            try await Task.sleep(for: .milliseconds(200))
            #expect(await receiver.requests.count == 2)
        }
        await receiver.stop()
    }

    @Test(arguments: TestEngine.allCases)
    func aDisabledWebhookGetsNothing(_ engine: TestEngine) async throws {
        let disabled = try await WebhookReceiver.start()
        let enabled = try await WebhookReceiver.start()
        try await withTestApp(engine, configure: Self.allowPrivate) { app in
            let account = try await app.makeAccount()
            let off = try await addWebhook(app, key: account.fullKey, url: disabled.url)
            _ = try await app.request(.patch, "/api/webhooks/\(off)", key: account.fullKey, json: #"{"active": false}"#)
            _ = try await addWebhook(app, key: account.fullKey, url: enabled.url, events: #"["job.created"]"#)
            let computer = try await TestComputer.online(app, account: account)
            _ = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            try await eventually("the enabled webhook got job.created") { await enabled.requests.count == 1 }
            #expect(await enabled.requests.first?.json["type"] == "job.created")
            #expect(await disabled.requests.isEmpty)
            try await computer.socket.close()
        }
        await disabled.stop()
        await enabled.stop()
    }

    @Test(arguments: TestEngine.allCases)
    func aRetryWaitsWhileItsWebhookIsDisabled(_ engine: TestEngine) async throws {
        let paused = try await WebhookReceiver.start(statuses: [500])
        let other = try await WebhookReceiver.start()
        try await withTestApp(engine, configure: Self.allowPrivate) { app in
            let account = try await app.makeAccount()
            let id = try await addWebhook(app, key: account.fullKey, url: paused.url)
            let otherID = try await addWebhook(app, key: account.fullKey, url: other.url)
            _ = try await app.request(.post, "/api/webhooks/\(id)/test", key: account.fullKey)
            try await eventually("retry scheduled") {
                try await app.request(.get, "/api/webhooks/\(id)/deliveries", key: account.fullKey).array().first?[
                    "statusCode"] as? Int == 500
            }
            _ = try await app.request(.patch, "/api/webhooks/\(id)", key: account.fullKey, json: #"{"active": false}"#)
            app.clock.advance(by: 10)
            // A later delivery of another webhook arriving shows the worker passed the due retry by.
            _ = try await app.request(.post, "/api/webhooks/\(otherID)/test", key: account.fullKey)
            try await eventually("the other webhook's ping") { await other.requests.count == 1 }
            #expect(await paused.requests.count == 1)

            _ = try await app.request(.patch, "/api/webhooks/\(id)", key: account.fullKey, json: #"{"active": true}"#)
            try await eventually("retried once enabled") { await paused.requests.count == 2 }
        }
        await paused.stop()
        await other.stop()
    }

    @Test(arguments: TestEngine.allCases)
    func everythingArrivesAfterTheReceiverWasDownAndTheServerRestarted(_ engine: TestEngine) async throws {
        let port = try await freePort()
        try await withTestDatabase(engine) { database in
            let created = JobIDBox()
            try await withTestApp(location: database, configure: Self.allowPrivate) { app in
                let account = try await app.makeAccount()
                _ = try await addWebhook(app, key: account.fullKey, url: "http://127.0.0.1:\(port)/hook")
                let computer = try await TestComputer.online(app, account: account)
                let jobID = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
                _ = try await computer.nextJob()
                // As above: `sent` is recorded just after the frame is written, so wait for it before reporting.
                try await eventually("sent") {
                    try await app.jobDetail(jobID, key: account.fullKey)["state"] as? String == "sent"
                }
                try await computer.socket.send(.jobState(.init(jobId: jobID, state: .completed)))
                try await eventually("completed") {
                    try await app.jobDetail(jobID, key: account.fullKey)["state"] as? String == "completed"
                }
                await created.set(jobID)
                // The receiver is down: the first attempts fail and are rescheduled.
                try await eventually("attempted") {
                    let webhooks = try await app.request(.get, "/api/webhooks", key: account.fullKey).array()
                    let id = try #require(webhooks.first?["id"] as? String)
                    return try await app.request(.get, "/api/webhooks/\(id)/deliveries", key: account.fullKey).array()
                        .contains { ($0["attempts"] as? Int ?? 0) > 0 }
                }
                try await computer.socket.close()
            }
            let receiver = try await WebhookReceiver.start(port: port)
            try await withTestApp(location: database, configure: Self.allowPrivate) { app in
                app.clock.advance(by: 600)
                let jobID = await created.id
                try await eventually("job and computer events after restart") {
                    let requests = await receiver.requests
                    return requests.filter { $0.json["jobId"] == jobID }.count == 3
                        && requests.contains { $0.json["type"] == "computer.connected" }
                }
                let states = await receiver.requests.filter { $0.json["jobId"] == jobID }.map { $0.json["state"]! }
                #expect(states == ["pending", "sent", "completed"])
            }
            await receiver.stop()
        }
    }

    /// Checks `X-PrintCloud-Signature: t=…,v1=…` the way a receiver would.
    static func signatureVerifies(_ request: WebhookReceiver.Received, secret: String) -> Bool {
        guard let header = request.header("X-PrintCloud-Signature") else { return false }
        let parts = Dictionary(
            uniqueKeysWithValues: header.split(separator: ",").compactMap { part -> (String, String)? in
                let pair = part.split(separator: "=", maxSplits: 1)
                return pair.count == 2 ? (String(pair[0]), String(pair[1])) : nil
            })
        guard let timestamp = parts["t"], let signature = parts["v1"] else { return false }
        let expected = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp).".utf8) + request.body, using: SymmetricKey(data: Data(secret.utf8)))
        return expected.map { String(format: "%02x", $0) }.joined() == signature
    }
}

/// A job id one server run hands to the next.
actor JobIDBox {
    var id = ""
    func set(_ id: String) { self.id = id }
}
