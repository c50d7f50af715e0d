import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// `POST /api/printjobs`: content types, validation, size limit, idempotency.
@Suite(.timeLimit(.minutes(10))) struct PrintJobCreateTests {
    static let pdf = Data("%PDF-1.4 tiny".utf8).base64EncodedString()

    @Test(arguments: TestEngine.allCases, ContentType.allCases)
    func everyContentTypeIsPushedWithTheDocumentedShape(_ engine: TestEngine, contentType: ContentType) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let content = contentType.isURI ? "https://example.com/invoice.pdf" : Self.pdf
            let response = try await app.createJob(
                #"{"printerId": "\#(computer.printerID)", "contentType": "\#(contentType.rawValue)", "content": "\#(content)", "title": "Invoice #456", "qty": 2, "options": {"copies": 2, "duplex": "long-edge", "color": false, "paper": "A4", "media": "Tray 1", "pages": "1-3,5", "fit_to_page": true}}"#,
                key: account.keys[.printOnly]!)
            #expect(response.status == .created)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let id = try response.json(String.self)
            #expect(id.hasPrefix("pj_"))
            #expect(response.text == "\"\(id)\"")

            let message = try await computer.socket.receiveObject()
            #expect(Set(message.keys) == ["type", "job"])
            #expect(message["type"] as? String == "print_job")
            let job = try #require(message["job"] as? [String: Any])
            #expect(
                Set(job.keys) == [
                    "id", "printerName", "contentType", "content", "title", "options", "qty", "expiresAt",
                ])
            #expect(job["id"] as? String == id)
            #expect(job["printerName"] as? String == "HP LaserJet")
            #expect(job["contentType"] as? String == contentType.rawValue)
            #expect(job["content"] as? String == content)
            #expect(job["title"] as? String == "Invoice #456")
            #expect(job["qty"] as? Int == 2)
            let options = try #require(job["options"] as? [String: Any])
            #expect(options["copies"] as? Int == 2)
            #expect(options["duplex"] as? String == "long-edge")
            #expect(options["color"] as? Bool == false)
            #expect(options["paper"] as? String == "A4")
            #expect(options["media"] as? String == "Tray 1")
            #expect(options["pages"] as? String == "1-3,5")
            #expect(options["fit_to_page"] as? Bool == true)

            try await eventually("job sent") {
                try await app.jobDetail(id, key: account.fullKey)["state"] as? String == "sent"
            }
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func defaultsAreUntitledAndOneCopy(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let id = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            let job = try await computer.nextJob()
            #expect(job.id == id)
            #expect(job.title == "Untitled")
            #expect(job.qty == 1)
            #expect(job.options == PrintOptions())
            try await computer.socket.close()
        }
    }

    static let badInputs = [
        (#"{"contentType": "raw_base64", "content": "QQ=="}"#, "printerId"),
        (#"{"printerId": "PRINTER", "content": "QQ=="}"#, "contentType"),
        (#"{"printerId": "PRINTER", "contentType": "docx", "content": "QQ=="}"#, "contentType"),
        (#"{"printerId": "PRINTER", "contentType": "raw_base64"}"#, "content"),
        (#"{"printerId": "PRINTER", "contentType": "raw_base64", "content": ""}"#, "content"),
        (#"{"printerId": "PRINTER", "contentType": "pdf_base64", "content": "not base64!"}"#, "content"),
        (#"{"printerId": "PRINTER", "contentType": "pdf_uri", "content": "ftp://example.com/a.pdf"}"#, "content"),
        (#"{"printerId": "PRINTER", "contentType": "raw_uri", "content": "not a uri"}"#, "content"),
        (#"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "qty": 0}"#, "qty"),
        (#"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "qty": "two"}"#, "qty"),
        (#"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "title": 5}"#, "title"),
        (
            #"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "options": {"copies": 0}}"#,
            "options.copies"
        ),
        (
            #"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "options": {"copies": 1000}}"#,
            "options.copies"
        ),
        (
            #"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "options": {"copies": "2"}}"#,
            "options.copies"
        ),
        (
            #"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "options": {"duplex": "both"}}"#,
            "options.duplex"
        ),
        (
            #"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "options": {"pages": "5-2"}}"#,
            "options.pages"
        ),
        (
            #"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "options": {"pages": "1,,3"}}"#,
            "options.pages"
        ),
        (
            #"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "options": {"color": "yes"}}"#,
            "options.color"
        ),
        (
            #"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "options": {"staple": true}}"#,
            "options.staple"
        ),
        (#"{"printerId": "PRINTER", "contentType": "raw_base64", "content": "QQ==", "options": [1]}"#, "options"),
    ]

    @Test(arguments: TestEngine.allCases, badInputs)
    func badInputIsRefusedNamingTheFieldAndWritesNothing(_ engine: TestEngine, _ input: (body: String, field: String))
        async throws
    {
        let (body, field) = input
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let response = try await app.createJob(
                body.replacingOccurrences(of: "PRINTER", with: computer.printerID), key: account.fullKey)
            #expect(response.status == .badRequest)
            let error = try response.apiError()
            #expect(error.code == "BadRequest")
            #expect(error.message.hasPrefix(field), "\(error.message)")
            #expect(try await app.request(.get, "/api/printjobs", key: account.fullKey).array().isEmpty)
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anotherAccountsPrinterIsNotFound(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let alice = try await app.makeAccount()
            let bob = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: alice)
            for printerID in [computer.printerID, "prn_unknown"] {
                let response = try await app.createJob(
                    #"{"printerId": "\#(printerID)", "contentType": "raw_base64", "content": "QQ=="}"#, key: bob.fullKey
                )
                #expect(response.status == .notFound)
                #expect(try response.apiError().code == "NotFound")
            }
            #expect(try await app.request(.get, "/api/printjobs", key: bob.fullKey).array().isEmpty)
            #expect(try await app.request(.get, "/api/printjobs", key: alice.fullKey).array().isEmpty)
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aDocumentOverTheLimitIs413AndWritesNothing(_ engine: TestEngine) async throws {
        try await withTestApp(engine, configure: { $0.maxDocumentSize = 1000 }) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let big = Data(repeating: 0x41, count: 1001).base64EncodedString()
            let response = try await app.createJob(
                #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "\#(big)"}"#,
                key: account.fullKey)
            #expect(response.status == .contentTooLarge)
            #expect(try response.apiError().message.hasPrefix("content"))
            #expect(try await app.request(.get, "/api/printjobs", key: account.fullKey).array().isEmpty)
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aRetryWithTheSameIdempotencyKeyReturnsTheSameJob(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let body = #"{"printerId": "\#(computer.printerID)", "contentType": "raw_base64", "content": "QQ=="}"#
            let first = try await app.createJob(body, key: account.fullKey, idempotencyKey: "order-42")
            let second = try await app.createJob(body, key: account.fullKey, idempotencyKey: "order-42")
            let other = try await app.createJob(body, key: account.fullKey, idempotencyKey: "order-43")
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(try first.json(String.self) == second.json(String.self))
            #expect(try other.json(String.self) != first.json(String.self))
            #expect(try await app.request(.get, "/api/printjobs", key: account.fullKey).array().count == 2)
            // Printed once: one push for the retried job.
            let pushed = [try await computer.nextJob().id, try await computer.nextJob().id]
            #expect(Set(pushed) == [try first.json(String.self), try other.json(String.self)])
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func idempotencyKeysArePerAccount(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let alice = try await app.makeAccount()
            let bob = try await app.makeAccount()
            let alices = try await TestComputer.online(app, account: alice, name: "A")
            let bobs = try await TestComputer.online(app, account: bob, name: "B")
            let first = try await app.createJob(
                #"{"printerId": "\#(alices.printerID)", "contentType": "raw_base64", "content": "QQ=="}"#,
                key: alice.fullKey, idempotencyKey: "same")
            let second = try await app.createJob(
                #"{"printerId": "\#(bobs.printerID)", "contentType": "raw_base64", "content": "QQ=="}"#,
                key: bob.fullKey, idempotencyKey: "same")
            #expect(try first.json(String.self) != second.json(String.self))
            try await alices.socket.close()
            try await bobs.socket.close()
        }
    }
}
