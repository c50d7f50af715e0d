import Foundation
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Documents in base64 are decoded strictly: what is not base64 is refused, never stored as NUL bytes.
@Suite(.timeLimit(.minutes(10))) struct StrictBase64Tests {
    static let refused = ["====", "AA=A", "A===", "QQ=", "QQ", "QR==", "QUI=x", "Q Q==", "QQ==QQ==", "QU!=", "QQ-_"]

    @Test(arguments: refused)
    func textThatIsNotStrictBase64IsRefused(_ text: String) {
        #expect(StrictBase64.decode(text) == nil)
    }

    @Test(arguments: [("QQ==", "A"), ("QUI=", "AB"), ("QUJD", "ABC"), ("QUJD\r\nREVG", "ABCDEF"), ("", "")])
    func strictBase64DecodesLikeFoundation(_ input: (text: String, decoded: String)) {
        #expect(StrictBase64.decode(input.text) == Data(input.decoded.utf8))
    }

    @Test func everyByteValueRoundTrips() {
        let bytes = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        for length in [0, 1, 2, 3, 998, 999, 1000] {
            let prefix = bytes.prefix(length)
            #expect(StrictBase64.decode(prefix.base64EncodedString()) == prefix)
            #expect(StrictBase64.decode(prefix.base64EncodedString(options: .lineLength76Characters)) == prefix)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aDocumentThatIsNotBase64Is400NamingContent(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            for content in ["====", "AA=A"] {
                let response = try await app.createJob(
                    #"{"printerId": "\#(computer.printerID)", "contentType": "pdf_base64", "content": "\#(content)"}"#,
                    key: account.fullKey)
                #expect(response.status == .badRequest)
                #expect(try response.apiError().message == "content: is not valid base64")
            }
            #expect(try await app.request(.get, "/api/printjobs", key: account.fullKey).array().isEmpty)
            try await computer.socket.close()
        }
    }
}
