import Foundation
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudClient

/// Downloads of `pdf_uri` / `raw_uri` documents under the client's address policy, against real HTTP
/// servers on loopback. Nothing off this machine is ever connected to: refused addresses are refused
/// before a connection is made.
@Suite(.timeLimit(.minutes(10))) struct DocumentFetcherTests {
    static let document = Data("%PDF-1.4 invoice".utf8)
    static let refused = PrinterError("download refused: address not allowed")

    static func job(_ uri: String) -> PrintJobPayload {
        PrintJobPayload(
            id: "pj_fetch", printerName: "Office", contentType: .pdfURI, content: uri, title: "Invoice",
            options: .init(), qty: 1)
    }

    static func loopbackAllowed() -> AddressPolicy {
        AddressPolicy(allowedNetworks: [IPNetwork("127.0.0.1/32")!])
    }

    /// The fetcher of a client whose server is nowhere: downloads from the test servers are not on its origin.
    static func fetcher(_ policy: AddressPolicy = AddressPolicy()) -> DocumentFetcher {
        var fetcher = DocumentFetcher(server: "http://127.0.0.1:1", apiKey: "k", policy: policy)
        fetcher.timeout = .seconds(10)
        return fetcher
    }

    @Test func theDefaultPolicyRefusesLoopbackThatIsNotTheServerAndSendsNothing() async throws {
        let server = try await DocumentServer.start(answers: ["/doc": .document(Self.document)])
        await #expect(throws: Self.refused) { try await Self.fetcher().fetch(Self.job(server.baseURL + "/doc")) }
        #expect(await server.requestedPaths.isEmpty)
        await server.stop()
    }

    @Test func aDocumentOnTheServersOwnOriginIsFetchedWhateverItsAddress() async throws {
        let server = try await DocumentServer.start(answers: ["/doc": .document(Self.document)])
        let fetcher = DocumentFetcher(server: server.baseURL, apiKey: "k")
        let file = try await fetcher.fetch(Self.job(server.baseURL + "/doc"))
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try Data(contentsOf: file) == Self.document)
        await server.stop()
    }

    @Test func aRedirectFromTheServerToAnotherLoopbackPortIsRefused() async throws {
        let other = try await DocumentServer.start(answers: ["/doc": .document(Self.document)])
        let server = try await DocumentServer.start(answers: ["/away": .redirect(other.baseURL + "/doc")])
        let fetcher = DocumentFetcher(server: server.baseURL, apiKey: "k")
        await #expect(throws: Self.refused) { try await fetcher.fetch(Self.job(server.baseURL + "/away")) }
        #expect(await server.requestedPaths == ["/away"])
        #expect(await other.requestedPaths.isEmpty)
        await server.stop()
        await other.stop()
    }

    @Test func anAllowedNetworkLetsADownloadAndItsRedirectsThrough() async throws {
        let server = try await DocumentServer.start(answers: [
            "/first": .redirect("/second"), "/second": .redirect("doc"), "/doc": .document(Self.document),
        ])
        let file = try await Self.fetcher(Self.loopbackAllowed()).fetch(Self.job(server.baseURL + "/first"))
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try Data(contentsOf: file) == Self.document)
        #expect(await server.requestedPaths == ["/first", "/second", "/doc"])
        await server.stop()
    }

    @Test(arguments: ["http://169.254.169.254/latest/meta-data/", "http://[::1]:PORT/doc", "http://127.0.0.2:PORT/doc"])
    func aRedirectToARefusedAddressIsRefusedWithoutConnectingToIt(_ location: String) async throws {
        // 127.0.0.2 is loopback too, but outside the one allowed address: a listener there sees nothing.
        let other = try await DocumentServer.start(host: "127.0.0.2", answers: ["/doc": .document(Self.document)])
        let server = try await DocumentServer.start(answers: [
            "/doc": .redirect(location.replacingOccurrences(of: "PORT", with: String(other.port)))
        ])
        await #expect(throws: Self.refused) {
            try await Self.fetcher(Self.loopbackAllowed()).fetch(Self.job(server.baseURL + "/doc"))
        }
        #expect(await server.requestedPaths == ["/doc"])
        #expect(await other.requestedPaths.isEmpty)
        await server.stop()
        await other.stop()
    }

    @Test func redirectsEndAfterFive() async throws {
        let server = try await DocumentServer.start(answers: ["/loop": .redirect("/loop")])
        await #expect(throws: PrinterError("download failed: more than 5 redirects")) {
            try await Self.fetcher(Self.loopbackAllowed()).fetch(Self.job(server.baseURL + "/loop"))
        }
        #expect(await server.requestedPaths.count == 6)
        await server.stop()
    }

    /// A name checked while it resolved to an allowed address and connected to once it resolved to a refused
    /// one (DNS rebinding), stood for by a hop made without the check before connecting: the connection's own
    /// check refuses the loopback peer before the request is written.
    @Test func theConnectionCheckRefusesARefusedPeerBeforeTheRequest() async throws {
        let server = try await DocumentServer.start(answers: ["/doc": .document(Self.document)])
        let fetcher = Self.fetcher()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("printcloud-hop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        await #expect(throws: AddressNotAllowed()) {
            try await fetcher.withClient(checking: AddressPolicy()) { client in
                try await fetcher.fetchHop(
                    server.baseURL + "/doc", on: client, withKey: false, deadline: .distantFuture, to: file)
            }
        }
        #expect(await server.requestedPaths.isEmpty)

        let hop = try await fetcher.withClient(checking: Self.loopbackAllowed()) { client in
            try await fetcher.fetchHop(
                server.baseURL + "/doc", on: client, withKey: false, deadline: .distantFuture, to: file)
        }
        #expect(hop == .done)
        #expect(await server.requestedPaths == ["/doc"])
        await server.stop()
    }

    @Test func theConfigNamesTheDownloadPolicyAndOlderConfigsStillLoad() throws {
        let older = #"{"server": "https://print.example.com", "apiKey": "pk_live_x", "computerName": "PC"}"#
        let config = try JSONDecoder().decode(ClientConfig.self, from: Data(older.utf8))
        #expect(config.downloadPolicy == AddressPolicy())
        let newer = #"""
            {"server": "https://print.example.com", "apiKey": "pk_live_x", "computerName": "PC",
             "allowPrivateDownloads": true, "allowedNetworks": ["10.1.0.0/16", "127.0.0.1/32"]}
            """#
        let allowing = try JSONDecoder().decode(ClientConfig.self, from: Data(newer.utf8))
        #expect(
            allowing.downloadPolicy
                == AddressPolicy(
                    allowsPrivateNetworks: true, allowedNetworks: [IPNetwork("10.1.0.0/16")!, IPNetwork("127.0.0.1")!]))
    }
}
