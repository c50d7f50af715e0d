import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// A signed-in computer with one printer, for print job tests.
struct TestComputer {
    let socket: TestSocket
    let computerID: String
    let printerID: String

    /// Signs in as `name` and reports one printer, `printer`.
    static func online(
        _ app: TestApp, account: TestAccount, name: String = "Office-PC", printer: String = "HP LaserJet"
    ) async throws -> TestComputer {
        let (socket, computerID) = try await TestSocket.signIn(to: app, key: account.fullKey, name: name)
        try await socket.send(.printers([PrinterReport(name: printer)]))
        guard case .printersOK = try await socket.receive() else { throw ProcessError(message: "no printers_ok") }
        let printers = try await app.request(.get, "/api/computers/\(computerID)/printers", key: account.fullKey)
            .array()
        let printerID = try #require(printers.first { $0["name"] as? String == printer }?["id"] as? String)
        return TestComputer(socket: socket, computerID: computerID, printerID: printerID)
    }

    /// The next `print_job` pushed to this computer.
    func nextJob() async throws -> PrintJobPayload {
        guard case .printJob(let job) = try await socket.receive() else {
            throw ProcessError(message: "expected print_job")
        }
        return job
    }
}

extension TestApp {
    /// `POST /api/printjobs` with a JSON body.
    func createJob(_ json: String, key: String, idempotencyKey: String? = nil) async throws -> TestResponse {
        try await request(
            .post, "/api/printjobs", key: key, json: json,
            headers: idempotencyKey.map { [.init("Idempotency-Key")!: $0] } ?? [:])
    }

    /// Creates a small raw job on `printerID` and returns its id.
    func createRawJob(printerID: String, key: String, text: String = "^XA^FDHello^FS^XZ") async throws -> String {
        let body =
            #"{"printerId": "\#(printerID)", "contentType": "raw_base64", "content": "\#(Data(text.utf8).base64EncodedString())"}"#
        let response = try await createJob(body, key: key)
        #expect(response.status == .created, "\(response.text)")
        return try response.json(String.self)
    }

    func jobDetail(_ id: String, key: String) async throws -> [String: Any] {
        try await request(.get, "/api/printjobs/\(id)", key: key).object()
    }
}
