import Foundation
import HummingbirdTesting
import NIOWebSocket
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Sign-in on `/ws` over a real WebSocket.
@Suite(.timeLimit(.minutes(10))) struct SocketSignInTests {
    @Test(arguments: TestEngine.allCases)
    func fullKeySignsInAndTheComputerIsOnline(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let socket = try await TestSocket.connect(to: app)
            try await socket.send(
                #"{"type": "auth", "apiKey": "\#(account.fullKey)", "computerName": "Office-PC", "os": "Windows", "clientVersion": "1.0.0"}"#
            )
            let answer = try await socket.receiveObject()
            #expect(Set(answer.keys) == ["type", "computerId"])
            #expect(answer["type"] as? String == "auth_ok")

            let computers = try await app.request(.get, "/api/computers", key: account.fullKey).array()
            #expect(computers.count == 1)
            #expect(computers[0]["id"] as? String == answer["computerId"] as? String)
            #expect(computers[0]["name"] as? String == "Office-PC")
            #expect(computers[0]["os"] as? String == "Windows")
            #expect(computers[0]["clientVersion"] as? String == "1.0.0")
            #expect(computers[0]["state"] as? String == "online")
            try await socket.close()
        }
    }

    static let refusedKeys = [
        ("pk_live_unknown", "Invalid API key"),
        ("PRINT_ONLY", "full key"),
        ("READ_ONLY", "full key"),
    ]

    @Test(arguments: TestEngine.allCases, refusedKeys)
    func signInIsRefusedWithAReasonAndTheSocketClosed(_ engine: TestEngine, _ input: (key: String, reason: String))
        async throws
    {
        let (key, reason) = input
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let apiKey =
                switch key {
                case "PRINT_ONLY": account.keys[.printOnly]!
                case "READ_ONLY": account.keys[.readOnly]!
                default: key
                }
            let socket = try await TestSocket.connect(to: app)
            try await socket.send(.auth(.init(apiKey: apiKey, computerName: "PC")))
            guard case .authError(let message) = try await socket.receive() else {
                Issue.record("expected auth_error")
                return
            }
            #expect(message.contains(reason))
            #expect(await socket.closed()?.closeCode == .policyViolation)
            #expect(try await app.request(.get, "/api/computers", key: account.fullKey).array().isEmpty)
        }
    }

    static let badFirstMessages = [
        #"{"type": "printers", "printers": []}"#,
        #"not json"#,
        #"{"type": "auth", "apiKey": "KEY"}"#,
        #"{"type": "auth", "apiKey": "KEY", "computerName": "  "}"#,
        #"{"type": "auth", "apiKey": 42, "computerName": "PC"}"#,
    ]

    @Test(arguments: TestEngine.allCases, badFirstMessages)
    func anythingButAValidAuthFirstIsRefused(_ engine: TestEngine, first: String) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let socket = try await TestSocket.connect(to: app)
            try await socket.send(first.replacingOccurrences(of: "KEY", with: account.fullKey))
            guard case .authError = try await socket.receive() else {
                Issue.record("expected auth_error")
                return
            }
            _ = await socket.closed()
            #expect(try await app.request(.get, "/api/computers", key: account.fullKey).array().isEmpty)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func binaryFirstMessageIsRefused(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let socket = try await TestSocket.connect(to: app)
            try await socket.sendBinary([1, 2, 3])
            guard case .authError = try await socket.receive() else {
                Issue.record("expected auth_error")
                return
            }
            _ = await socket.closed()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aSocketThatNeverSignsInIsClosed(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: { $0.signInTimeout = .milliseconds(200) }) { app in
            let socket = try await TestSocket.connect(to: app)
            let frame = await socket.closed()
            #expect(frame?.closeCode == .policyViolation)
            #expect(frame?.reason == "sign-in timed out")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aComputerKeepsItsIdWhenItSignsInAgain(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (first, id) = try await TestSocket.signIn(to: app, key: account.fullKey, name: "Front-Desk")
            try await first.close()

            // The same name in the same account.
            let (second, sameByName) = try await TestSocket.signIn(to: app, key: account.fullKey, name: "Front-Desk")
            #expect(sameByName == id)
            try await second.close()

            // The id it was given, even under a new name: renamed, not new.
            let (third, sameByID) = try await TestSocket.signIn(
                to: app, key: account.fullKey, name: "Reception", computerID: id)
            #expect(sameByID == id)
            try await third.close()

            let computers = try await app.request(.get, "/api/computers", key: account.fullKey).array()
            #expect(computers.count == 1)
            #expect(computers.first?["name"] as? String == "Reception")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anotherAccountsComputerIdIsNotTakenOver(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let alice = try await app.makeAccount()
            let bob = try await app.makeAccount()
            let (socket, alicesID) = try await TestSocket.signIn(to: app, key: alice.fullKey, name: "PC")
            let (bobs, bobsID) = try await TestSocket.signIn(
                to: app, key: bob.fullKey, name: "PC", computerID: alicesID)
            #expect(bobsID != alicesID)
            let computers = try await app.request(.get, "/api/computers", key: alice.fullKey).array()
            #expect(computers.map { $0["id"] as? String } == [alicesID])
            #expect(computers.first?["state"] as? String == "online")
            try await socket.close()
            try await bobs.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aSecondSocketReplacesTheFirst(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (first, id) = try await TestSocket.signIn(to: app, key: account.fullKey)
            let (second, sameID) = try await TestSocket.signIn(to: app, key: account.fullKey)
            #expect(sameID == id)
            let frame = await first.closed()
            #expect(frame?.reason == "replaced by a newer connection")
            // The replaced socket closing does not take its computer offline.
            try await second.send(.printers([PrinterReport(name: "P")]))
            #expect(try await second.receive() == .printersOK(count: 1))
            let computer = try await app.request(.get, "/api/computers/\(id)", key: account.fullKey).object()
            #expect(computer["state"] as? String == "online")
            try await second.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func revokingTheKeyClosesItsSocket(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let issued = try await app.accounts.createKey(
                accountID: account.accountID, description: "client", permission: "full")
            let (socket, id) = try await TestSocket.signIn(to: app, key: issued.key)
            let revoked = try await app.request(
                .delete, "/api/account/apikeys/\(issued.record.id)", key: account.fullKey)
            #expect(revoked.status == .ok)
            #expect(await socket.closed()?.reason == "API key revoked")
            try await eventually("computer offline") {
                try await app.request(.get, "/api/computers/\(id)", key: account.fullKey).object()["state"]
                    as? String == "offline"
            }
        }
    }
}

extension TestResponse {
    /// The body as a JSON array of objects.
    func array() throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [[String: Any]])
    }
}
