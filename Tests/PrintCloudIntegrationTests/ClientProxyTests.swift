import Foundation
import PrintCloudTestSupport
import Testing

/// The desktop client behind an office proxy: a real tinyproxy on loopback that wants a password, the real
/// server and client processes, the CUPS sandbox. The client finds the proxy in its environment, as curl does.
@Suite(.timeLimit(.minutes(10))) struct ClientProxyTests {
    let endToEnd = EndToEndPrintingTests()

    @Test func theWebSocketAndDocumentDownloadsGoThroughTheProxy() async throws {
        guard let cups = TestCUPS.available(fail: { Issue.record(Comment(rawValue: $0)) }) else { return }
        try await withTemporaryDirectory { directory in
            guard let proxy = try await TinyProxy.start(in: directory) else { return }
            do {
                try await throughTheProxy(proxy, cups: cups, in: directory)
            } catch {
                await proxy.stop()
                throw error
            }
            await proxy.stop()
        }
    }

    func throughTheProxy(_ proxy: TinyProxy, cups: TestCUPS, in directory: URL) async throws {
        let label = Data("^XA^FDthrough the proxy^FS^XZ".utf8)
        let documents = try await DocumentServer.start(answers: ["/label.zpl": .document(label)])
        try await endToEnd.http.withServer(in: directory) { server in
            let keyLine = try await server.process.line(containing: "API key")
            let key = try #require(keyLine.split(separator: " ").last.map(String.init))
            // Downloads from loopback are refused unless allowed: the document server is on 127.0.0.1.
            let config = directory.appendingPathComponent("client.json")
            try Data(
                #"{"server": "\#(server.baseURL)", "apiKey": "\#(key)", "computerName": "Behind-Proxy", "allowedNetworks": ["127.0.0.1/32"]}"#
                    .utf8
            ).write(to: config)
            let client = try await ServerProcess(
                [
                    "run", "--config", config.path, "--printer-poll-interval", "1",
                    "--ledger", directory.appendingPathComponent("ledger.sqlite").path,
                ],
                in: directory, executable: EndToEndPrintingTests.clientBinary,
                environment: ["http_proxy": proxy.url, "no_proxy": "", "NO_PROXY": ""])
            try await client.stopped(after: {
                let serverAddress = try #require(server.baseURL.split(separator: "/").last)
                let labelPrinter = try await endToEnd.printerID("Label", server: server.baseURL, key: key)
                #expect(proxy.requests.contains("CONNECT \(serverAddress) HTTP/1.1"), "\(proxy.requests)")

                let before = Set(try cups.received(by: "Label"))
                let uri = documents.baseURL + "/label.zpl"
                let created = try await endToEnd.http.send(
                    .POST, server.baseURL + "/api/printjobs", key: key,
                    json: #"{"printerId": "\#(labelPrinter)", "contentType": "raw_uri", "content": "\#(uri)"}"#)
                #expect(created.status == 201, "\(created.body)")
                let job = try JSONDecoder().decode(String.self, from: Data(created.body.utf8))
                try await eventually(within: EndToEndPrintingTests.patience, "the job completed") {
                    try await endToEnd.state(of: job, server: server.baseURL, key: key)["state"] as? String
                        == "completed"
                }
                let documentAddress = "\(documents.host):\(documents.port)"
                #expect(proxy.requests.contains("CONNECT \(documentAddress) HTTP/1.1"), "\(proxy.requests)")
                // The socket printer writes its file once CUPS has closed the connection, a moment after
                // CUPS calls the job done.
                try await eventually("the label at the printer") {
                    let printed = try cups.received(by: "Label").filter { !before.contains($0) }
                    return try printed.map { try Data(contentsOf: $0) }.contains(label)
                }
            })
        }
        await documents.stop()
    }
}
