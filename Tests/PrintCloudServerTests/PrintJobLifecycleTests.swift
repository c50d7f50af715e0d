import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Dispatch, the offline queue, forward-only states, redelivery and the sign-in race.
@Suite(.timeLimit(.minutes(10))) struct PrintJobLifecycleTests {
    @Test(arguments: TestEngine.allCases)
    func aJobForAnOfflineComputerWaitsAndIsDeliveredWhenItReturns(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            try await computer.socket.close()

            let first = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey, text: "one")
            let second = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey, text: "two")
            #expect(try await app.jobDetail(first, key: account.fullKey)["state"] as? String == "pending")

            let back = try await TestComputer.online(app, account: account)
            let delivered = [try await back.nextJob(), try await back.nextJob()]
            #expect(delivered.map(\.id) == [first, second])
            #expect(Data(base64Encoded: delivered[0].content) == Data("one".utf8))
            try await eventually("both sent") {
                let first = try await app.jobDetail(first, key: account.fullKey)["state"] as? String
                let second = try await app.jobDetail(second, key: account.fullKey)["state"] as? String
                return first == "sent" && second == "sent"
            }
            try await back.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func statesOnlyMoveForwardAndEveryStepIsRecorded(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let id = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            _ = try await computer.nextJob()
            try await eventually("sent") {
                try await app.jobDetail(id, key: account.fullKey)["state"] as? String == "sent"
            }

            for (state, message) in [(JobState.printing, "Accepted by CUPS"), (.completed, "Printed to HP LaserJet")] {
                try await computer.socket.send(.jobState(.init(jobId: id, state: state, message: message)))
            }
            // Late and repeated reports are acknowledged and ignored: no error, no move back.
            try await computer.socket.send(.jobState(.init(jobId: id, state: .printing, message: "late")))
            try await computer.socket.send(.jobState(.init(jobId: id, state: .error, message: "too late")))
            try await computer.socket.send(.printers([PrinterReport(name: "HP LaserJet")]))
            #expect(try await computer.socket.receive() == .printersOK(count: 1))

            let detail = try await app.jobDetail(id, key: account.fullKey)
            #expect(detail["state"] as? String == "completed")
            #expect(
                Set(detail.keys) == [
                    "id", "title", "state", "contentType", "printer", "createdAt", "printerId", "qty", "options",
                    "expiresAt", "states",
                ])
            #expect(detail["printerId"] as? String == computer.printerID)
            #expect((detail["printer"] as? [String: Any])?["name"] as? String == "HP LaserJet")
            let states = try #require(detail["states"] as? [[String: Any]])
            #expect(states.map { $0["state"] as? String } == ["pending", "sent", "printing", "completed"])
            #expect(
                states.map { $0["message"] as? String } == [nil, nil, "Accepted by CUPS", "Printed to HP LaserJet"])
            #expect(states.allSatisfy { $0["at"] is String })
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anotherComputerCannotReportOnAJob(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let owner = try await TestComputer.online(app, account: account, name: "Owner")
            let stranger = try await TestComputer.online(app, account: account, name: "Stranger", printer: "Other")
            let id = try await app.createRawJob(printerID: owner.printerID, key: account.fullKey)
            _ = try await owner.nextJob()
            try await stranger.socket.send(.jobState(.init(jobId: id, state: .completed)))
            guard case .error(let message) = try await stranger.socket.receive() else {
                Issue.record("expected an error")
                return
            }
            #expect(message.contains(id))
            #expect(try await app.jobDetail(id, key: account.fullKey)["state"] as? String != "completed")
            try await owner.socket.close()
            try await stranger.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func sentAndPrintingJobsAreOfferedAgainWhenTheClientReturns(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let printing = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            let sent = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            let done = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            #expect(
                try await [computer.nextJob().id, computer.nextJob().id, computer.nextJob().id] == [
                    printing, sent, done,
                ])
            try await computer.socket.send(.jobState(.init(jobId: printing, state: .printing)))
            try await computer.socket.send(.jobState(.init(jobId: done, state: .completed)))
            try await eventually("reports recorded") {
                let doneState = try await app.jobDetail(done, key: account.fullKey)["state"] as? String
                let printingState = try await app.jobDetail(printing, key: account.fullKey)["state"] as? String
                return doneState == "completed" && printingState == "printing"
            }
            try await computer.socket.close()

            let back = try await TestComputer.online(app, account: account)
            #expect(try await [back.nextJob().id, back.nextJob().id] == [printing, sent])
            try await back.socket.send(.printers([PrinterReport(name: "HP LaserJet")]))
            #expect(try await back.socket.receive() == .printersOK(count: 1))
            try await back.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aJobCreatedWhileItsComputerSignsInIsDeliveredExactlyOnce(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            try await computer.socket.close()
            let printerID = computer.printerID
            for round in 0..<20 {
                async let created = app.createRawJob(printerID: printerID, key: account.fullKey, text: "round \(round)")
                let (socket, _) = try await TestSocket.signIn(to: app, key: account.fullKey)
                try await socket.send(.printers([PrinterReport(name: "HP LaserJet")]))
                let id = try await created
                // Collect until printers_ok and the job have both arrived, then make sure nothing else follows.
                var received: [ServerMessage] = []
                while !(received.contains(.printersOK(count: 1)) && received.contains(where: { $0.jobID == id })) {
                    received.append(try await socket.receive())
                }
                try await socket.send(.printers([PrinterReport(name: "HP LaserJet")]))
                while true {
                    let message = try await socket.receive()
                    if message == .printersOK(count: 1) { break }
                    received.append(message)
                }
                #expect(received.filter { $0.jobID == id }.count == 1, "round \(round): \(received)")
                try await socket.send(.jobState(.init(jobId: id, state: .completed)))
                try await socket.close()
            }
        }
    }
}

extension ServerMessage {
    var jobID: String? {
        if case .printJob(let job) = self { return job.id }
        return nil
    }
}
