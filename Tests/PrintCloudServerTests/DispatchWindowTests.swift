import Foundation
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// A computer gets each printer's queue a window at a time, oldest first, and a job that waited past its
/// expiry is never sent.
@Suite struct DispatchWindowTests {
    @Test(arguments: TestEngine.allCases)
    func aComputerHoldsAtMostTheWindowAndGetsTheNextWhenOneFinishes(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: { $0.dispatchWindow = 3 }) { app in
            let account = try await app.makeAccount()
            let first = try await TestComputer.online(app, account: account)
            try await first.socket.close()
            var ids: [String] = []
            for index in 0..<8 {
                ids.append(
                    try await app.createRawJob(printerID: first.printerID, key: account.fullKey, text: "job \(index)"))
            }

            let (socket, _) = try await TestSocket.signIn(to: app, key: account.fullKey, computerID: first.computerID)
            let computer = TestComputer(socket: socket, computerID: first.computerID, printerID: first.printerID)
            try await socket.send(.printers([PrinterReport(name: "HP LaserJet")]))
            #expect(try await socket.receive() == .printersOK(count: 1))
            #expect(try await Self.jobs(until: computer) == Array(ids[0..<3]))

            // `printing` keeps the job in the window; a finished one makes room for exactly one more.
            try await socket.send(.jobState(.init(jobId: ids[0], state: .printing)))
            #expect(try await Self.jobs(until: computer) == [])
            try await socket.send(.jobState(.init(jobId: ids[0], state: .completed)))
            #expect(try await Self.jobs(until: computer) == [ids[3]])
            try await socket.send(.jobState(.init(jobId: ids[1], state: .error, message: "Out of paper")))
            try await socket.send(.jobState(.init(jobId: ids[2], state: .completed)))
            #expect(try await Self.jobs(until: computer) == [ids[4], ids[5]])
            for id in ids[6...] {
                #expect(try await app.jobDetail(id, key: account.fullKey)["state"] as? String == "pending")
            }

            // After a reconnect the queue starts again from the oldest unfinished job.
            try await socket.close()
            let (again, _) = try await TestSocket.signIn(to: app, key: account.fullKey, computerID: first.computerID)
            try await again.send(.printers([PrinterReport(name: "HP LaserJet")]))
            #expect(try await again.receive() == .printersOK(count: 1))
            let reconnected = TestComputer(socket: again, computerID: first.computerID, printerID: first.printerID)
            #expect(try await Self.jobs(until: reconnected) == [ids[3], ids[4], ids[5]])
            try await again.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func jobsPostedOneAfterAnotherArriveInTheOrderTheyWereAccepted(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: { $0.dispatchWindow = 100 }) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            var ids: [String] = []
            for index in 0..<40 {
                ids.append(
                    try await app.createRawJob(printerID: computer.printerID, key: account.fullKey, text: "\(index)"))
            }
            var received: [String] = []
            for _ in ids { received.append(try await computer.nextJob().id) }
            #expect(received == ids)
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aJobThatWaitedPastItsExpiryIsNeverSentAndEndsExpired(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let first = try await TestComputer.online(app, account: account)
            try await first.socket.close()
            let content = Data("^XA^XZ".utf8).base64EncodedString()
            func create(_ extra: String) async throws -> String {
                let response = try await app.createJob(
                    #"{"printerId": "\#(first.printerID)", "contentType": "raw_base64", "content": "\#(content)"\#(extra)}"#,
                    key: account.fullKey)
                #expect(response.status == .created, "\(response.text)")
                return try response.json(String.self)
            }
            let soon = try await create(#", "expireAfter": 60"#)
            let later = try await create("")
            let swept = try await create(#", "expireAfter": 30"#)
            let detail = try await app.jobDetail(soon, key: account.fullKey)
            let created = try Self.date(detail["createdAt"])
            #expect(try Self.date(detail["expiresAt"]).timeIntervalSince(created) == 60)
            let defaultExpiry = try Self.date(try await app.jobDetail(later, key: account.fullKey)["expiresAt"])
            #expect(defaultExpiry.timeIntervalSince(created) == 14 * 24 * 3600)

            app.clock.advance(by: 61)
            // The sweep (here one job at a time) ends the one due first; the other is found expired when its
            // computer comes back.
            let jobs = JobService(
                jobs: app.storage.jobs,
                computers: ComputerService(store: app.storage.computers, clock: app.clock.wallClock),
                clock: app.clock.wallClock,
                maxDocumentSize: 1 << 20)
            let sweptIDs = try await app.storage.jobs.expire(dueBy: app.clock.wallClock.now(), limit: 1) {
                .jobState($0, at: $0.updatedAt)
            }.map(\.id)
            #expect(sweptIDs == [swept])
            let (socket, _) = try await TestSocket.signIn(to: app, key: account.fullKey, computerID: first.computerID)
            let computer = TestComputer(socket: socket, computerID: first.computerID, printerID: first.printerID)
            try await socket.send(.printers([PrinterReport(name: "HP LaserJet")]))
            #expect(try await socket.receive() == .printersOK(count: 1))
            #expect(try await Self.jobs(until: computer) == [later])
            #expect(try await jobs.expireDue() == 0)

            for id in [soon, swept] {
                let expired = try await app.jobDetail(id, key: account.fullKey)
                #expect(expired["state"] as? String == "error")
                let states = try #require(expired["states"] as? [[String: Any]])
                #expect(states.map { $0["state"] as? String } == ["pending", "error"])
                #expect(states.last?["message"] as? String == "expired")
            }
            try await socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anExpiryOutsideItsBoundsIsRefusedNamingTheField(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            for value in ["0", "-5", "1.5", "31536001", "\"60\""] {
                let response = try await app.createJob(
                    #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "XlhB", "expireAfter": \#(value)}"#,
                    key: account.fullKey)
                #expect(response.status == .badRequest, "\(value)")
                #expect(try response.apiError().message.hasPrefix("expireAfter"), "\(value): \(response.text)")
            }
            #expect(try await app.request(.get, "/api/printjobs", key: account.fullKey).array().isEmpty)
            try await computer.socket.close()
        }
    }

    static func date(_ value: Any?) throws -> Date {
        try Date(
            try #require(value as? String), strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The jobs pushed to the computer until the answer to a printer report it sends now: the server handles a
    /// socket's messages in turn, so whatever it was going to send by then has arrived.
    static func jobs(until computer: TestComputer) async throws -> [String] {
        try await computer.socket.send(.printers([PrinterReport(name: "HP LaserJet")]))
        var ids: [String] = []
        while true {
            switch try await computer.socket.receive() {
            case .printJob(let job): ids.append(job.id)
            case .printersOK: return ids
            case let other: throw ProcessError(message: "unexpected \(other)")
            }
        }
    }
}
