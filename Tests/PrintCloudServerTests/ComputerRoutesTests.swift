import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// `/api/computers` and `/api/printers`: shapes, deletes and tenant isolation.
@Suite(.timeLimit(.minutes(10))) struct ComputerRoutesTests {
    @Test(arguments: TestEngine.allCases)
    func computersHaveTheDocumentedShape(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (socket, id) = try await TestSocket.signIn(to: app, key: account.fullKey)
            try await socket.send(.printers([PrinterReport(name: "P", isDefault: true)]))
            _ = try await socket.receive()
            let computers = try await app.request(.get, "/api/computers", key: account.fullKey).array()
            let computer = try #require(computers.first)
            #expect(Set(computer.keys) == ["id", "name", "os", "state", "clientVersion", "printers", "lastSeenAt"])
            #expect(computer["id"] as? String == id)
            let lastSeen = try #require(computer["lastSeenAt"] as? String)
            #expect(isAPITimestamp(lastSeen))
            let printers = try #require(computer["printers"] as? [[String: Any]])
            #expect(Set(printers[0].keys) == ["id", "name", "computerId", "state", "isDefault", "capabilities"])
            let single = try await app.request(.get, "/api/computers/\(id)", key: account.fullKey).object()
            #expect(single["id"] as? String == id)
            try await socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anotherAccountsComputersAndPrintersAreNotFound(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let alice = try await app.makeAccount()
            let bob = try await app.makeAccount()
            let (socket, computerID) = try await TestSocket.signIn(to: app, key: alice.fullKey)
            try await socket.send(.printers([PrinterReport(name: "Secret")]))
            _ = try await socket.receive()
            let printerID = try #require(
                try await app.request(.get, "/api/printers", key: alice.fullKey).array().first?["id"] as? String)

            #expect(try await app.request(.get, "/api/computers", key: bob.fullKey).array().isEmpty)
            #expect(try await app.request(.get, "/api/printers", key: bob.fullKey).array().isEmpty)
            for path in [
                "/api/computers/\(computerID)", "/api/computers/\(computerID)/printers", "/api/printers/\(printerID)",
            ] {
                let response = try await app.request(.get, path, key: bob.fullKey)
                #expect(response.status == .notFound, "\(path)")
                #expect(try response.apiError().code == "NotFound")
            }
            let delete = try await app.request(.delete, "/api/computers/\(computerID)", key: bob.fullKey)
            #expect(delete.status == .notFound)
            #expect(try await app.request(.get, "/api/computers", key: alice.fullKey).array().count == 1)
            try await socket.send(.printers([]))
            #expect(try await socket.receive() == .printersOK(count: 0))
            try await socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func deletingComputersAnswersTheirIdsClosesTheirSocketsAndRemovesTheirPrinters(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let (first, firstID) = try await TestSocket.signIn(to: app, key: account.fullKey, name: "One")
            try await first.send(.printers([PrinterReport(name: "P1")]))
            _ = try await first.receive()
            let (second, secondID) = try await TestSocket.signIn(to: app, key: account.fullKey, name: "Two")
            let (kept, keptID) = try await TestSocket.signIn(to: app, key: account.fullKey, name: "Three")

            let response = try await app.request(
                .delete, "/api/computers/\(firstID),\(secondID),cmp_unknown", key: account.fullKey)
            #expect(response.status == .ok)
            #expect(try response.json([String].self) == [firstID, secondID])
            #expect(await first.closed()?.reason == "computer deleted")
            #expect(await second.closed()?.reason == "computer deleted")

            let computers = try await app.request(.get, "/api/computers", key: account.fullKey).array()
            #expect(computers.map { $0["id"] as? String } == [keptID])
            #expect(try await app.request(.get, "/api/printers", key: account.fullKey).array().isEmpty)
            #expect(try await app.request(.get, "/api/computers/\(firstID)", key: account.fullKey).status == .notFound)
            try await kept.close()
        }
    }
}
