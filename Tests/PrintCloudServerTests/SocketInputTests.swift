import Foundation
import HummingbirdTesting
import NIOWebSocket
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Bad input on a signed-in socket: answered, logged, and harmless to every other socket.
@Suite(.timeLimit(.minutes(10))) struct SocketInputTests {
    static let badMessages = [
        (#"{not json"#, "Not valid JSON"),
        (#"{"type": "reboot"}"#, "unknown message type"),
        (#"{"printers": []}"#, "type"),
        (#"{"type": "printers", "printers": {"name": "A"}}"#, "printers"),
        (#"{"type": "printers"}"#, "printers"),
        (#"{"type": "auth", "apiKey": "x", "computerName": "y"}"#, "Already signed in"),
        (#"[1, 2, 3]"#, "JSON object"),
    ]

    @Test(arguments: TestEngine.allCases, badMessages)
    func badMessagesAreAnsweredAndTheSocketGoesOn(_ engine: TestEngine, _ input: (text: String, reason: String))
        async throws
    {
        let (text, reason) = input
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (socket, _) = try await TestSocket.signIn(to: app, key: account.fullKey, name: "A")
            let (bystander, _) = try await TestSocket.signIn(to: app, key: account.fullKey, name: "B")

            try await socket.send(text)
            let answer = try await socket.receiveObject()
            #expect(Set(answer.keys) == ["type", "message"])
            #expect(answer["type"] as? String == "error")
            #expect((answer["message"] as? String)?.contains(reason) == true, "\(answer)")

            try await socket.send(.printers([PrinterReport(name: "P")]))
            #expect(try await socket.receive() == .printersOK(count: 1))
            try await bystander.send(.printers([PrinterReport(name: "Q")]))
            #expect(try await bystander.receive() == .printersOK(count: 1))
            try await socket.close()
            try await bystander.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func binaryFramesAreAnsweredWithAnError(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (socket, _) = try await TestSocket.signIn(to: app, key: account.fullKey)
            try await socket.sendBinary([0xde, 0xad, 0xbe, 0xef])
            guard case .error(let message) = try await socket.receive() else {
                Issue.record("expected an error message")
                return
            }
            #expect(message.contains("Binary"))
            try await socket.send(.printers([]))
            #expect(try await socket.receive() == .printersOK(count: 0))
            try await socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anOversizedMessageClosesOnlyItsOwnSocket(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: { $0.maxMessageSize = 4096 }) { app in
            let account = try await app.makeAccount()
            let (socket, _) = try await TestSocket.signIn(to: app, key: account.fullKey, name: "A")
            let (bystander, _) = try await TestSocket.signIn(to: app, key: account.fullKey, name: "B")
            let huge = #"{"type": "printers", "printers": [{"name": "\#(String(repeating: "x", count: 10_000))"}]}"#
            try await socket.send(huge)
            let frame = await socket.closed()
            #expect(frame?.closeCode == .messageTooLarge)

            try await bystander.send(.printers([PrinterReport(name: "Q")]))
            #expect(try await bystander.receive() == .printersOK(count: 1))
            #expect(try await app.request(.get, "/healthz").status == .ok)
            try await bystander.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func jobStateForAnUnknownJobIsAnsweredWithAnError(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (socket, _) = try await TestSocket.signIn(to: app, key: account.fullKey)
            try await socket.send(.jobState(.init(jobId: "pj_nope", state: .completed)))
            guard case .error(let message) = try await socket.receive() else {
                Issue.record("expected an error message")
                return
            }
            #expect(message.contains("pj_nope"))
            try await socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func twoHundredClientsConnectAndReportAtOnce(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let (socket, _) = try await TestSocket.signIn(
                            to: app, key: account.fullKey, name: "PC-\(index)")
                        try await socket.send(.printers([PrinterReport(name: "Printer \(index)")]))
                        #expect(try await socket.receive() == .printersOK(count: 1))
                        // Stay connected until every client has reported.
                        _ = await socket.closed()
                    }
                }
                // A deadline for 200 sign-ins amid the whole suite on 2 cores, not a measure of speed.
                try await eventually(within: 180, "200 printers") {
                    try await app.request(.get, "/api/printers", key: account.fullKey).array().count == 200
                }
                let computers = try await app.request(.get, "/api/computers", key: account.fullKey).array()
                #expect(computers.count == 200)
                #expect(computers.allSatisfy { $0["state"] as? String == "online" })
                let ids = computers.compactMap { $0["id"] as? String }
                // Deleting them all closes every socket, which ends every client task.
                for chunk in stride(from: 0, to: ids.count, by: 100).map({ Array(ids[$0..<min($0 + 100, ids.count)]) })
                {
                    let deleted = try await app.request(
                        .delete, "/api/computers/\(chunk.joined(separator: ","))", key: account.fullKey)
                    #expect(deleted.status == .ok)
                }
                try await group.waitForAll()
            }
        }
    }
}
