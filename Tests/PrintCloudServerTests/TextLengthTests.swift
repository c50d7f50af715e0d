import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Length limits count Unicode scalars, never grapheme clusters (API.md Part 2).
@Suite(.timeLimit(.minutes(10))) struct TextLengthTests {
    /// One grapheme cluster of 200,001 scalars: `"a"` and 200,000 combining acute accents.
    static let oneCharacterOfManyScalars = "a" + String(repeating: "\u{0301}", count: 200_000)

    @Test func scalarsAreCountedNotCharacters() throws {
        #expect(Self.oneCharacterOfManyScalars.count == 1)
        #expect(TextLength.exceeds(Self.oneCharacterOfManyScalars, 255))
        #expect(!TextLength.exceeds(String(repeating: "é", count: 255), 255))
        #expect(TextLength.exceeds(String(repeating: "é", count: 256), 255))
        #expect(!TextLength.exceeds(String(repeating: "😀", count: 255), 255))
        #expect(throws: ServiceError.invalid("title", "must be at most 3 characters")) {
            try TextLength.check("e\u{0301}e\u{0301}", field: "title", max: 3)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aTitleOfOneCharacterButManyScalarsIsRefusedAndNothingIsStored(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let response = try await app.createJob(
                #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "QQ==", "title": "\#(Self.oneCharacterOfManyScalars)"}"#,
                key: account.fullKey)
            #expect(response.status == .badRequest)
            #expect(try response.apiError().message == "title: must be at most 255 characters")
            #expect(try await app.request(.get, "/api/printjobs", key: account.fullKey).array().isEmpty)
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func keyDescriptionsAndWebhookSecretsCountScalarsToo(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let key = try await app.request(
                .post, "/api/account/apikeys", key: account.fullKey,
                json: #"{"description": "\#(Self.oneCharacterOfManyScalars)"}"#)
            #expect(key.status == .badRequest)
            #expect(try key.apiError().message == "description: must be at most 200 characters")
            #expect(try await app.accounts.keys(accountID: account.accountID).count == 3)
            let webhook = try await app.request(
                .post, "/api/webhooks", key: account.fullKey,
                json:
                    #"{"url": "https://example.com/h", "secret": "\#(Self.oneCharacterOfManyScalars)", "events": ["all"]}"#
            )
            #expect(webhook.status == .badRequest)
            #expect(try webhook.apiError().message.hasPrefix("secret:"))
            #expect(try await app.request(.get, "/api/webhooks", key: account.fullKey).array().isEmpty)
        }
    }

    /// What a desktop client sends is limited the same way: its computer's name, its printers' names and the
    /// messages of its job reports.
    @Test(arguments: TestEngine.allCases)
    func namesAndMessagesFromTheDesktopClientCountScalarsToo(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let refused = try await TestSocket.connect(to: app)
            try await refused.send(
                .auth(
                    .init(
                        apiKey: account.fullKey, computerName: Self.oneCharacterOfManyScalars, os: "Linux",
                        clientVersion: "1.0.0")))
            guard case .authError(let reason) = try await refused.receive() else {
                Issue.record("a computer name of 200,001 scalars signed in")
                return
            }
            #expect(reason.contains("computerName"), "\(reason)")
            #expect(try await app.request(.get, "/api/computers", key: account.fullKey).array().isEmpty)

            let computer = try await TestComputer.online(app, account: account)
            try await computer.socket.send(.printers([PrinterReport(name: Self.oneCharacterOfManyScalars)]))
            guard case .error(let message) = try await computer.socket.receive() else {
                Issue.record("a printer name of 200,001 scalars was accepted")
                return
            }
            #expect(message.contains("name"), "\(message)")
            let printers = try await app.request(
                .get, "/api/computers/\(computer.computerID)/printers", key: account.fullKey
            ).array()
            #expect(printers.map { $0["name"] as? String } == ["HP LaserJet"])

            let job = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            _ = try await computer.nextJob()
            try await computer.socket.send(
                .jobState(.init(jobId: job, state: .error, message: Self.oneCharacterOfManyScalars)))
            guard case .error(let refusal) = try await computer.socket.receive() else {
                Issue.record("a job_state message of 200,001 scalars was accepted")
                return
            }
            #expect(refusal == "message: must be at most 2000 characters")
            #expect(try await app.jobDetail(job, key: account.fullKey)["state"] as? String != "error")
            try await computer.socket.close()
        }
    }
}
