import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Online while the socket is open, offline after; printers follow.
@Suite(.timeLimit(.minutes(10))) struct ComputerStateTests {
    func state(of computerID: String, in app: TestApp, key: String) async throws -> (String?, [String?]) {
        let computer = try await app.request(.get, "/api/computers/\(computerID)", key: key).object()
        let printers = (computer["printers"] as? [[String: Any]] ?? []).map { $0["state"] as? String }
        return (computer["state"] as? String, printers)
    }

    @Test(arguments: TestEngine.allCases)
    func closingTheSocketTakesTheComputerAndItsPrintersOffline(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (socket, id) = try await TestSocket.signIn(to: app, key: account.fullKey)
            try await socket.send(#"{"type": "printers", "printers": [{"name": "A"}, {"name": "B", "state": "busy"}]}"#)
            _ = try await socket.receive()
            #expect(try await state(of: id, in: app, key: account.fullKey) == ("online", ["online", "busy"]))

            try await socket.close()
            try await eventually("computer offline") {
                try await state(of: id, in: app, key: account.fullKey) == ("offline", ["offline", "offline"])
            }
            let printers = try await app.request(.get, "/api/printers", key: account.fullKey).array()
            #expect(printers.allSatisfy { $0["state"] as? String == "offline" })

            let (again, sameID) = try await TestSocket.signIn(to: app, key: account.fullKey)
            #expect(sameID == id)
            #expect(try await state(of: id, in: app, key: account.fullKey) == ("online", ["online", "busy"]))
            try await again.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aClientThatStopsAnsweringPingsGoesOffline(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: { $0.pingInterval = .seconds(1) }) { app in
            let account = try await app.makeAccount()
            let auth =
                #"{"type":"auth","apiKey":"\#(account.fullKey)","computerName":"Unplugged","os":"Linux","clientVersion":"1"}"#
            let silent = try SilentSocket(port: try #require(app.client.port), auth: auth)
            try await eventually("computer online") {
                try await app.request(.get, "/api/computers", key: account.fullKey).array().first?["state"]
                    as? String == "online"
            }
            // Two ping periods without a pong: the server closes the socket and the computer is offline.
            try await eventually("computer offline") {
                try await app.request(.get, "/api/computers", key: account.fullKey).array().first?["state"]
                    as? String == "offline"
            }
            withExtendedLifetime(silent) {}
        }
    }

    @Test(arguments: TestEngine.allCases)
    func lastSeenMovesWhileTheSocketIsAlive(_ engine: TestEngine) async throws {
        // Not the shortest ping: a busy machine running both engines' suites can miss a one-second pong.
        try await withTestApp(engine, configure: { $0.pingInterval = .seconds(3) }) { app in
            let account = try await app.makeAccount()
            let (socket, id) = try await TestSocket.signIn(to: app, key: account.fullKey)
            let before =
                try await app.request(.get, "/api/computers/\(id)", key: account.fullKey).object()["lastSeenAt"]
                as? String
            app.clock.advance(by: 60)
            try await eventually("lastSeenAt moved") {
                try await app.request(.get, "/api/computers/\(id)", key: account.fullKey).object()["lastSeenAt"]
                    as? String != before
            }
            try await socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func lastSeenMovesWithAJobStateReport(_ engine: TestEngine) async throws {
        // No heartbeat during the test: only the report can move it.
        try await withTestApp(engine, configure: { $0.pingInterval = .seconds(600) }) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let jobID = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            _ = try await computer.nextJob()
            func lastSeen() async throws -> String? {
                try await app.request(.get, "/api/computers/\(computer.computerID)", key: account.fullKey).object()[
                    "lastSeenAt"] as? String
            }
            let before = try await lastSeen()
            app.clock.advance(by: 60)
            try await computer.socket.send(.jobState(.init(jobId: jobID, state: .printing)))
            try await eventually("printing") {
                try await app.jobDetail(jobID, key: account.fullKey)["state"] as? String == "printing"
            }
            #expect(try await lastSeen() != before)
            try await computer.socket.close()
        }
    }
}
