import Foundation
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

/// Several `printcloud-server` processes on one PostgreSQL database, as behind a load balancer.
@Suite(.timeLimit(.minutes(10))) struct ClusterTests {
    struct Instance {
        let process: ServerProcess
        let baseURL: String
    }

    let http = DurabilityTests()

    /// Runs `body` with `count` instances on a fresh PostgreSQL database and the full key of an account on it.
    /// Instances beat every second, so a dead one is noticed within a few seconds.
    func withInstances(
        _ count: Int, arguments: [String] = [], _ body: ([Instance], String) async throws -> Void
    ) async throws {
        try await TestPostgres.withDatabase { url in
            try await withTemporaryDirectory { directory in
                let created = try await ServerProcess.run(
                    ["users", "create", "--email", "ops@example.com", "--password", "password1", "--database", url],
                    in: directory)
                try #require(created.status == 0, "\(created.stderr)")
                let account = try #require(
                    try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
                let key = try #require(account["apiKey"] as? String)
                var instances: [Instance] = []
                do {
                    for _ in 0..<count {
                        let process = try await ServerProcess(
                            [
                                "serve", "--port", "0", "--database", url, "--rate-limit", "0", "--instance-heartbeat",
                                "1", "--allow-private-webhooks",
                            ] + arguments, in: directory)
                        let line = try await process.line(containing: "listening on ")
                        instances.append(
                            Instance(process: process, baseURL: String(line.split(separator: " ").last ?? "")))
                    }
                    try await body(instances, key)
                } catch {
                    for instance in instances { try? await instance.process.terminate() }
                    throw error
                }
                for instance in instances { try await instance.process.terminate() }
            }
        }
    }

    /// `POST /api/printjobs` of a small raw job on `printerID`, as answered.
    func postJob(on instance: Instance, printerID: String, key: String) async throws -> (status: Int, body: String) {
        try await http.send(
            .POST, instance.baseURL + "/api/printjobs", key: key,
            json: #"{"printerId": "\#(printerID)", "contentType": "raw_base64", "content": "XlhBXlha"}"#)
    }

    func createJob(on instance: Instance, printerID: String, key: String) async throws -> String {
        let created = try await postJob(on: instance, printerID: printerID, key: key)
        try #require(created.status == 201, "\(created.body)")
        return try JSONDecoder().decode(String.self, from: Data(created.body.utf8))
    }

    func object(_ path: String, on instance: Instance, key: String) async throws -> [String: Any] {
        let response = try await http.send(.GET, instance.baseURL + path, key: key)
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
    }

    func state(ofJob id: String, on instance: Instance, key: String) async throws -> String? {
        try await object("/api/printjobs/\(id)", on: instance, key: key)["state"] as? String
    }

    func state(ofComputer id: String, on instance: Instance, key: String) async throws -> String? {
        try await object("/api/computers/\(id)", on: instance, key: key)["state"] as? String
    }

    @Test func aJobPostedOnOneInstanceReachesAClientOnAnother() async throws {
        // The queued-job sweep is an hour away: only the notification from A can bring the job to B.
        try await withInstances(2, arguments: ["--queue-sweep-interval", "3600"]) { instances, key in
            let (a, b) = (instances[0], instances[1])
            let client = try await DesktopClient.signIn(baseURL: b.baseURL, key: key)
            let printerID = try await client.printerID(named: "Zebra", baseURL: a.baseURL, key: key, http)
            let jobID = try await createJob(on: a, printerID: printerID, key: key)
            #expect(try await client.job(jobID).content == "XlhBXlha")
            try await client.send(.jobState(.init(jobId: jobID, state: .completed)))
            try await eventually("A sees the job completed on B") {
                try await state(ofJob: jobID, on: a, key: key) == "completed"
            }
            #expect(client.jobs.count == 1)
        }
    }

    @Test func aKeyRevokedOnOneInstanceIsRefusedByAnotherThatRememberedIt() async throws {
        // Keys are trusted for a minute without a read: only the notification from A can tell B.
        try await withInstances(2, arguments: ["--key-cache-seconds", "60"]) { instances, key in
            let (a, b) = (instances[0], instances[1])
            let created = try await http.send(.POST, a.baseURL + "/api/account/apikeys", key: key, json: "{}")
            try #require(created.status == 201, "\(created.body)")
            let body = try #require(try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
            let (newKey, id) = (try #require(body["key"] as? String), try #require(body["id"] as? String))
            #expect(try await http.send(.GET, b.baseURL + "/api/whoami", key: newKey).status == 200)
            #expect(try await http.send(.DELETE, a.baseURL + "/api/account/apikeys/\(id)", key: key).status == 200)
            #expect(try await http.send(.GET, a.baseURL + "/api/whoami", key: newKey).status == 401)
            try await eventually(within: 20, "B refuses the revoked key") {
                try await http.send(.GET, b.baseURL + "/api/whoami", key: newKey).status == 401
            }
        }
    }

    @Test func aComputerDeletedOnOneInstanceTakesNoMoreJobsOnAnotherThatRememberedItsPrinter() async throws {
        // Printers are trusted for a minute without a read: only the notification from A can tell B.
        try await withInstances(2, arguments: ["--printer-cache-seconds", "60"]) { instances, key in
            let (a, b) = (instances[0], instances[1])
            let client = try await DesktopClient.signIn(baseURL: a.baseURL, key: key)
            let printerID = try await client.printerID(named: "Zebra", baseURL: a.baseURL, key: key, http)
            _ = try await createJob(on: b, printerID: printerID, key: key)
            let deleted = try await http.send(.DELETE, a.baseURL + "/api/computers/\(client.computerID)", key: key)
            #expect(deleted.status == 200)
            try await eventually(within: 20, "B refuses jobs for the deleted computer's printer") {
                try await postJob(on: b, printerID: printerID, key: key).status == 404
            }
        }
    }

    @Test func aPrinterNoLongerReportedOnOneInstanceTakesNoMoreJobsOnAnotherThatRememberedIt() async throws {
        try await withInstances(2, arguments: ["--printer-cache-seconds", "60"]) { instances, key in
            let (a, b) = (instances[0], instances[1])
            let client = try await DesktopClient.signIn(baseURL: a.baseURL, key: key)
            let printerID = try await client.printerID(named: "Zebra", baseURL: a.baseURL, key: key, http)
            _ = try await createJob(on: b, printerID: printerID, key: key)
            try await client.send(.printers([PrinterReport(name: "Another")]))
            try await eventually(within: 20, "B refuses jobs for the printer no longer reported") {
                try await postJob(on: b, printerID: printerID, key: key).status == 404
            }
        }
    }

    @Test func aComputerSigningInOnAnotherInstanceIsTakenOverAndItsOldSocketClosed() async throws {
        try await withInstances(2, arguments: ["--queue-sweep-interval", "3600"]) { instances, key in
            let (a, b) = (instances[0], instances[1])
            let first = try await DesktopClient.signIn(baseURL: a.baseURL, key: key)
            let second = try await DesktopClient.signIn(baseURL: b.baseURL, key: key, computerID: first.computerID)
            #expect(second.computerID == first.computerID)
            // A learns of it from B's notification, well before its own 30 s heartbeat would.
            try await eventually(within: 20, "A closes the replaced socket") { first.log.isClosed }
            let computers = try await http.send(.GET, a.baseURL + "/api/computers", key: key)
            let list = try #require(
                try JSONSerialization.jsonObject(with: Data(computers.body.utf8)) as? [[String: Any]])
            #expect(list.count == 1)
            #expect(list.first?["state"] as? String == "online")

            let printerID = try await second.printerID(named: "Zebra", baseURL: a.baseURL, key: key, http)
            let jobID = try await createJob(on: a, printerID: printerID, key: key)
            _ = try await second.job(jobID)
        }
    }

    @Test func killingAnInstanceLosesNoJobDoublesNoneAndLeavesStatesTrue() async throws {
        // A window wider than the queue: every job is at the client when its instance dies.
        try await withInstances(2, arguments: ["--dispatch-window", "100"]) { instances, key in
            let (a, b) = (instances[0], instances[1])
            let desk = try await DesktopClient.signIn(baseURL: a.baseURL, key: key, computerName: "Front-Desk")
            let stranded = try await DesktopClient.signIn(baseURL: a.baseURL, key: key, computerName: "Back-Office")
            let printerID = try await desk.printerID(named: "Zebra", baseURL: a.baseURL, key: key, http)
            var jobs: [String] = []
            for _ in 0..<10 { jobs.append(try await createJob(on: a, printerID: printerID, key: key)) }
            try await eventually("every job reached the client on A") { desk.jobs.count == 10 }
            for id in jobs.prefix(4) { try await desk.send(.jobState(.init(jobId: id, state: .completed))) }
            try await desk.send(.jobState(.init(jobId: jobs[4], state: .printing)))
            try await eventually("A stored the reports") {
                let printing = try await state(ofJob: jobs[4], on: a, key: key)
                let completed = try await state(ofJob: jobs[3], on: a, key: key)
                return printing == "printing" && completed == "completed"
            }

            try await a.process.kill()
            let later = [
                try await createJob(on: b, printerID: printerID, key: key),
                try await createJob(on: b, printerID: printerID, key: key),
            ]
            let moved = try await DesktopClient.signIn(baseURL: b.baseURL, key: key, computerID: desk.computerID)
            // Every unfinished job comes again, once; the finished ones do not.
            let unfinished = Array(jobs.dropFirst(4)) + later
            try await eventually("B offers the unfinished jobs") { moved.jobs.count >= unfinished.count }
            #expect(moved.jobs.map(\.id).sorted() == unfinished.sorted())
            for id in unfinished { try await moved.send(.jobState(.init(jobId: id, state: .completed))) }
            for id in jobs + later {
                try await eventually("job \(id) completed") {
                    try await state(ofJob: id, on: b, key: key) == "completed"
                }
                let history = try #require(
                    try await object("/api/printjobs/\(id)", on: b, key: key)["states"] as? [[String: Any]])
                #expect(history.filter { $0["state"] as? String == "completed" }.count == 1)
            }
            #expect(moved.jobs.count == unfinished.count)

            // Back-Office was held by A alone: B marks it offline once A has missed three heartbeats.
            try await eventually(within: 20, "the dead instance's computer goes offline") {
                try await state(ofComputer: stranded.computerID, on: b, key: key) == "offline"
            }
            #expect(try await state(ofComputer: desk.computerID, on: b, key: key) == "online")
        }
    }

    @Test func eachWebhookEventIsDeliveredOnceWhileTwoInstancesDeliver() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await withInstances(2) { instances, key in
            let (a, b) = (instances[0], instances[1])
            let created = try await http.send(
                .POST, a.baseURL + "/api/webhooks", key: key,
                json: #"{"url": "\#(receiver.url)", "events": ["job.created"]}"#)
            try #require(created.status == 201, "\(created.body)")
            let webhook = try #require(
                try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
            let webhookID = try #require(webhook["id"] as? String)
            let client = try await DesktopClient.signIn(baseURL: a.baseURL, key: key)
            let printerID = try await client.printerID(named: "Zebra", baseURL: a.baseURL, key: key, http)
            var jobs: Set<String> = []
            for index in 0..<30 {
                jobs.insert(try await createJob(on: index.isMultiple(of: 2) ? a : b, printerID: printerID, key: key))
            }
            try await eventually("every event arrived") { await receiver.requests.count >= jobs.count }
            // A worker records its success just after the receiver answered.
            var list: [[String: Any]] = []
            try await eventually("every delivery recorded") {
                let deliveries = try await http.send(
                    .GET, b.baseURL + "/api/webhooks/\(webhookID)/deliveries", key: key)
                list = try JSONSerialization.jsonObject(with: Data(deliveries.body.utf8)) as? [[String: Any]] ?? []
                return list.count == jobs.count && list.allSatisfy { $0["status"] as? String == "succeeded" }
            }
            #expect(list.allSatisfy { $0["attempts"] as? Int == 1 })
            let received = await receiver.requests
            #expect(received.count == jobs.count)
            #expect(Set(received.compactMap { $0.header("X-PrintCloud-Delivery") }).count == jobs.count)
            #expect(Set(received.compactMap { $0.json["jobId"] }) == jobs)
        }
    }

    @Test func sigtermClosesTheSocketsSoClientsMoveOnAndExitsCleanly() async throws {
        try await withInstances(2) { instances, key in
            let (a, b) = (instances[0], instances[1])
            let client = try await DesktopClient.signIn(baseURL: a.baseURL, key: key)
            try await a.process.terminate()
            #expect(try await a.process.exitStatus() == 0)
            #expect(client.log.isClosed)
            let moved = try await DesktopClient.signIn(baseURL: b.baseURL, key: key, computerID: client.computerID)
            #expect(try await state(ofComputer: moved.computerID, on: b, key: key) == "online")
        }
    }
}
