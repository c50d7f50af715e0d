import Foundation
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// The computer, job and webhook stores, the same tests on both engines: what each writes is what it reads
/// back, the rules they apply in their transactions, and rows the server never writes refused, not defaulted.
@Suite(.timeLimit(.minutes(10))) struct FeatureStoreTests {
    static let now = StoreTests.now

    /// A fresh database with an account `acc_1` whose computer `Office-PC` is online with printers `Zebra`, `Laser`.
    func withComputer(
        _ engine: TestEngine,
        _ body: @escaping @Sendable (Storage, ComputerRecord, [PrinterRecord]) async throws -> Void
    ) async throws {
        try await StoreTests().withStorage(engine) { storage in
            try await storage.accounts.createAccount(
                id: "acc_1", createdAt: Self.now, owner: StoreTests.user("a@example.com", account: "acc_1"),
                key: StoreTests.key(account: "acc_1"))
            let computer = try await storage.computers.signIn(Self.signIn(), newID: "cmp_1")
            let printers = try await storage.computers.replacePrinters(
                computerID: computer.id, reports: [PrinterReport(name: "Zebra"), PrinterReport(name: "Laser")],
                at: Self.now, newID: { Identifiers.make("prn_") })
            try await body(storage, computer, printers)
        }
    }

    static func signIn(connection: String = "conn_1", computerID: String? = nil) -> ComputerSignIn {
        ComputerSignIn(
            accountID: "acc_1", computerID: computerID, name: "Office-PC", os: "Linux", clientVersion: "1.0",
            connectionID: connection, instanceID: "ins_1", at: now)
    }

    static func job(printer: PrinterRecord, id: String = Identifiers.make("pj_")) -> JobRecord {
        JobRecord(
            id: id, accountID: "acc_1", printerID: printer.id, computerID: printer.computerID,
            printerName: printer.name, title: "Invoice", contentType: .pdfBase64, contentSize: 3, qty: 2,
            options: PrintOptions(copies: 3, duplex: .longEdge), state: .pending, stateMessage: nil, createdAt: now,
            updatedAt: now)
    }

    /// Runs a raw statement, to store what the server itself never writes.
    static func execute(_ sql: SQL, on storage: Storage) async throws {
        if let sqlite = storage.sqlite {
            try await sqlite.write(sql)
        } else {
            try await #require(storage.postgres).write(sql)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aComputerSignsInAgainUnderItsIdAndItsPrintersKeepTheirs(engine: TestEngine) async throws {
        try await withComputer(engine) { storage, computer, printers in
            #expect(computer.state == .online)
            #expect(printers.map(\.name) == ["Laser", "Zebra"])
            let again = try await storage.computers.signIn(
                Self.signIn(connection: "conn_2", computerID: computer.id), newID: "cmp_other")
            #expect(again.id == computer.id)
            let reported = try await storage.computers.replacePrinters(
                computerID: computer.id, reports: [PrinterReport(name: "Zebra", state: .stopped)], at: Self.now,
                newID: { Identifiers.make("prn_") })
            #expect(reported.map(\.id) == printers.filter { $0.name == "Zebra" }.map(\.id))
            #expect(reported.first?.reportedState == .stopped)
            #expect(try await storage.computers.printers(accountID: "acc_1", computerID: nil).count == 1)
            // Only the latest connection's close takes it offline.
            try await storage.computers.markOffline(computerID: computer.id, connectionID: "conn_1", at: Self.now)
            #expect(try await storage.computers.computer(id: computer.id, accountID: "acc_1")?.state == .online)
            try await storage.computers.markOffline(computerID: computer.id, connectionID: "conn_2", at: Self.now)
            #expect(try await storage.computers.computer(id: computer.id, accountID: "acc_1")?.state == .offline)
            #expect(try await storage.computers.computer(id: computer.id, accountID: "acc_other") == nil)
            #expect(
                try await storage.computers.delete(computerIDs: [computer.id, "cmp_none"], accountID: "acc_1") == [
                    computer.id
                ])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aJobIsStoredWithItsDocumentAndMovesOnlyForward(engine: TestEngine) async throws {
        try await withComputer(engine) { storage, _, printers in
            let job = Self.job(printer: printers[0])
            let event = Event.jobCreated(job)
            let created = try await storage.jobs.create(
                job, parts: [Data("abc".utf8)], idempotencyKey: "k1", event: event)
            #expect(created.created && created.job == job)
            let repeated = try await storage.jobs.create(
                Self.job(printer: printers[0]), parts: [Data("x".utf8)], idempotencyKey: "k1", event: event)
            #expect(!repeated.created && repeated.job == job)
            #expect(try await storage.jobs.job(id: job.id, accountID: "acc_1") == job)
            #expect(try await storage.jobs.job(id: job.id, accountID: "acc_other") == nil)
            #expect(try await storage.jobs.contentPart(jobID: job.id, index: 0) == Data("abc".utf8))

            let sent = try await storage.jobs.transition(
                jobID: job.id, computerID: job.computerID, to: .sent, message: nil, at: Self.now,
                event: { Event.jobState($0, at: Self.now) })
            guard case .moved(let moved) = sent else {
                Issue.record("expected the job to move, got \(sent)")
                return
            }
            #expect(moved.state == .sent)
            let back = try await storage.jobs.transition(
                jobID: job.id, computerID: job.computerID, to: .pending, message: nil, at: Self.now,
                event: { Event.jobState($0, at: Self.now) })
            #expect(back == .ignored)
            let elsewhere = try await storage.jobs.transition(
                jobID: job.id, computerID: "cmp_other", to: .printing, message: nil, at: Self.now,
                event: { Event.jobState($0, at: Self.now) })
            #expect(elsewhere == .notFound)
            #expect(try await storage.jobs.history(jobID: job.id).map(\.state) == [.pending, .sent])
            #expect(try await storage.jobs.queuedPrinters(computerID: job.computerID) == [job.printerID])
            #expect(try await storage.jobs.unfinished(printerID: job.printerID, limit: 4).map(\.id) == [job.id])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aJobsRowsAreWrittenAllOrNothingAndAFailedStatementRunsAgain(engine: TestEngine) async throws {
        try await withComputer(engine) { storage, _, printers in
            let first = Self.job(printer: printers[0])
            _ = try await storage.jobs.create(
                first, parts: [Data("a".utf8)], idempotencyKey: nil, event: Event.jobCreated(first))
            // The same id again: its row is refused, so none of its two parts, history or event is written.
            await #expect(throws: (any Error).self) {
                _ = try await storage.jobs.create(
                    first, parts: [Data("b".utf8), Data("c".utf8)], idempotencyKey: nil, event: Event.jobCreated(first))
            }
            #expect(try await storage.jobs.contentPartCount(jobID: first.id) == 1)
            #expect(try await storage.jobs.history(jobID: first.id).count == 1)
            let second = Self.job(printer: printers[0])
            _ = try await storage.jobs.create(
                second, parts: [Data("d".utf8)], idempotencyKey: nil, event: Event.jobCreated(second))
            #expect(try await storage.jobs.job(id: second.id, accountID: "acc_1") == second)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aPrintersLaneIsItsOldestUnfinishedJobsAndOnlyPendingJobsExpire(engine: TestEngine) async throws {
        try await withComputer(engine) { storage, _, printers in
            let past = Self.now.addingTimeInterval(-1)
            var jobs: [JobRecord] = []
            for (printer, expiresAt) in [
                (printers[0], nil), (printers[0], past), (printers[1], past), (printers[0], past),
                (printers[0], Self.now.addingTimeInterval(60)),
            ] {
                var job = Self.job(printer: printer)
                job.expiresAt = expiresAt
                _ = try await storage.jobs.create(job, parts: [], idempotencyKey: nil, event: .jobCreated(job))
                jobs.append(job)
            }
            let event: @Sendable (JobRecord) -> Event = { Event.jobState($0, at: Self.now) }
            _ = try await storage.jobs.transition(
                jobID: jobs[0].id, computerID: nil, to: .completed, message: nil, at: Self.now, event: event)
            _ = try await storage.jobs.transition(
                jobID: jobs[3].id, computerID: nil, to: .sent, message: nil, at: Self.now, event: event)

            let lane = { (limit: Int) in try await storage.jobs.unfinished(printerID: printers[0].id, limit: limit) }
            #expect(try await lane(2).map(\.id) == [jobs[1].id, jobs[3].id])
            #expect(try await lane(10).map(\.id) == [jobs[1].id, jobs[3].id, jobs[4].id])
            #expect(
                Set(try await storage.jobs.queuedPrinters(computerID: printers[0].computerID))
                    == [printers[0].id, printers[1].id])

            // Pending and past their expiry: jobs 1 and 2. Job 3 was sent (the client refuses it), job 4 is not due.
            let expired = try await storage.jobs.expire(dueBy: Self.now, limit: 10, event: event)
            #expect(expired.map(\.id) == [jobs[1].id, jobs[2].id])
            #expect(expired.allSatisfy { $0.state == .error && $0.stateMessage == "expired" })
            let stored = try #require(try await storage.jobs.job(id: jobs[1].id, accountID: "acc_1"))
            #expect(stored.state == .error && stored.stateMessage == "expired")
            #expect(try await storage.jobs.history(jobID: jobs[1].id).map(\.state) == [.pending, .error])
            #expect(try await lane(10).map(\.id) == [jobs[3].id, jobs[4].id])
            #expect(try await storage.jobs.expire(dueBy: Self.now, limit: 10, event: event).isEmpty)
        }
    }

    /// A job must never print with default options or show a state it is not in.
    @Test(arguments: TestEngine.allCases)
    func aJobRowTheServerNeverWroteIsRefusedNotDefaulted(engine: TestEngine) async throws {
        try await withComputer(engine) { storage, _, printers in
            let job = Self.job(printer: printers[0])
            _ = try await storage.jobs.create(job, parts: [], idempotencyKey: nil, event: .jobCreated(job))
            for (column, value) in [("options", "{not json"), ("state", "exploded"), ("content_type", "docx")] {
                try await Self.execute(
                    SQL("UPDATE print_jobs SET \(column) = ? WHERE id = ?", value, job.id), on: storage)
                await #expect(throws: StoreError.corrupt(column)) {
                    try await storage.jobs.job(id: job.id, accountID: "acc_1")
                }
                try await Self.execute(
                    SQL(
                        "UPDATE print_jobs SET options = ?, state = 'pending', content_type = 'pdf_base64' WHERE id = ?",
                        try JobRows.encode(job.options), job.id), on: storage)
            }
            #expect(try await storage.jobs.job(id: job.id, accountID: "acc_1") == job)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aWebhookDeliveryIsClaimedOncePerOrderKeyAndRecorded(engine: TestEngine) async throws {
        try await withComputer(engine) { storage, _, _ in
            let webhook = WebhookRecord(
                id: "wh_1", accountID: "acc_1", url: "http://127.0.0.1:9/hook", secret: "whsec_test", events: ["all"],
                active: true, createdAt: Self.now)
            try await storage.webhooks.insert(webhook)
            #expect(try await storage.webhooks.webhook(id: "wh_1", accountID: "acc_1") == webhook)
            #expect(try await storage.webhooks.webhook(id: "wh_1", accountID: "acc_other") == nil)
            let first = try await storage.webhooks.enqueue(
                .ping(accountID: "acc_1", webhookID: "wh_1", at: Self.now), webhookID: "wh_1")
            _ = try await storage.webhooks.enqueue(
                .ping(accountID: "acc_1", webhookID: "wh_1", at: Self.now), webhookID: "wh_1")
            // Two pings share the webhook's order key: the second waits for the first.
            let claimed = try await storage.webhooks.claimDueDeliveries(
                at: Self.now, leaseUntil: Self.now.addingTimeInterval(60), limit: 10)
            #expect(claimed.map(\.delivery.id) == [first])
            #expect(claimed.first?.url == webhook.url && claimed.first?.secret == webhook.secret)
            // Leased: not due again before the lease ends.
            #expect(
                try await storage.webhooks.claimDueDeliveries(
                    at: Self.now.addingTimeInterval(1), leaseUntil: Self.now.addingTimeInterval(60), limit: 10
                ).isEmpty)
            try await storage.webhooks.recordAttempt(
                deliveryID: first, status: .succeeded, statusCode: 200, error: nil, nextAttemptAt: Self.now,
                at: Self.now)
            let deliveries = try await storage.webhooks.deliveries(webhookID: "wh_1", limit: 10)
            #expect(deliveries.count == 2)
            #expect(deliveries.last?.status == .succeeded && deliveries.last?.attempts == 1)
            #expect(deliveries.last?.lastStatusCode == 200)
            #expect(try await storage.webhooks.delete(id: "wh_1", accountID: "acc_other") == false)
            #expect(try await storage.webhooks.delete(id: "wh_1", accountID: "acc_1"))
        }
    }
}
