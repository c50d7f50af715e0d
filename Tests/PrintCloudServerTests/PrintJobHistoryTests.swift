import AsyncHTTPClient
import Crypto
import Foundation
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// History, paging, deletes, the document URI and tenant isolation.
@Suite(.timeLimit(.minutes(10))) struct PrintJobHistoryTests {
    @Test(arguments: TestEngine.allCases)
    func historyHasTheDocumentedShape(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let id = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            let list = try await app.request(.get, "/api/printjobs?limit=100&dir=desc", key: account.keys[.readOnly])
                .array()
            #expect(list.count == 1)
            #expect(Set(list[0].keys) == ["id", "title", "state", "contentType", "printer", "createdAt"])
            #expect(list[0]["id"] as? String == id)
            #expect(list[0]["contentType"] as? String == "raw_base64")
            #expect((list[0]["printer"] as? [String: Any])?["name"] as? String == "HP LaserJet")
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func pagingThrough250JobsWithACursor(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            try await computer.socket.close()
            var created: [String] = []
            for index in 0..<250 {
                created.append(
                    try await app.createRawJob(printerID: computer.printerID, key: account.fullKey, text: "\(index)"))
            }
            for (direction, expected) in [("desc", Array(created.reversed())), ("asc", created)] {
                var seen: [String] = []
                var pages: [Int] = []
                var cursor = ""
                while true {
                    let page = try await app.request(
                        .get, "/api/printjobs?limit=100&dir=\(direction)\(cursor)", key: account.fullKey
                    ).array().compactMap { $0["id"] as? String }
                    guard !page.isEmpty else { break }
                    pages.append(page.count)
                    seen += page
                    cursor = "&after=\(page.last!)"
                }
                #expect(pages == [100, 100, 50])
                #expect(seen == expected)
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func filtersByPrinterAndState(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let one = try await TestComputer.online(app, account: account, name: "One", printer: "P1")
            let two = try await TestComputer.online(app, account: account, name: "Two", printer: "P2")
            let first = try await app.createRawJob(printerID: one.printerID, key: account.fullKey)
            _ = try await app.createRawJob(printerID: two.printerID, key: account.fullKey)
            _ = try await one.nextJob()
            try await one.socket.send(.jobState(.init(jobId: first, state: .completed)))
            try await eventually("completed") {
                try await app.jobDetail(first, key: account.fullKey)["state"] as? String == "completed"
            }
            let byPrinter = try await app.request(
                .get, "/api/printjobs?printerId=\(one.printerID)", key: account.fullKey)
            #expect(try byPrinter.array().map { $0["id"] as? String } == [first])
            let completed = try await app.request(.get, "/api/printjobs?state=completed", key: account.fullKey)
            #expect(try completed.array().map { $0["id"] as? String } == [first])
            try await one.socket.close()
            try await two.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases, ["limit=0", "limit=1001", "limit=ten", "dir=up", "state=lost"])
    func badQueryValuesAre400(_ engine: TestEngine, query: String) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(.get, "/api/printjobs?\(query)", key: account.fullKey)
            #expect(response.status == .badRequest)
            #expect(try response.apiError().message.hasPrefix(String(query.prefix { $0 != "=" })))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func deleteAnswersTheDeletedIdsAndTellsTheClientToCancelAJobInFlight(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let inFlight = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            _ = try await computer.nextJob()
            try await computer.socket.send(.jobState(.init(jobId: inFlight, state: .printing)))
            try await eventually("printing") {
                try await app.jobDetail(inFlight, key: account.fullKey)["state"] as? String == "printing"
            }
            let other = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            #expect(try await computer.nextJob().id == other)

            let response = try await app.request(
                .delete, "/api/printjobs/\(inFlight),pj_unknown", key: account.fullKey)
            #expect(response.status == .ok)
            #expect(try response.json([String].self) == [inFlight])
            #expect(try await computer.socket.receive() == .cancelJob(jobId: inFlight))
            #expect(try await app.request(.get, "/api/printjobs/\(inFlight)", key: account.fullKey).status == .notFound)
            // Received, whether or not the server has recorded `sent` yet.
            _ = try await app.request(.delete, "/api/printjobs/\(other)", key: account.fullKey)
            #expect(try await computer.socket.receive() == .cancelJob(jobId: other))
            #expect(
                try await app.request(.get, "/api/printjobs/\(inFlight)/content", key: account.fullKey).status
                    == .notFound)
            #expect(try await app.request(.get, "/api/printjobs", key: account.fullKey).array().isEmpty)
            try await computer.socket.close()
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anotherAccountsJobsAreUnreachable(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let alice = try await app.makeAccount()
            let bob = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: alice)
            let id = try await app.createRawJob(printerID: computer.printerID, key: alice.fullKey)
            #expect(try await app.request(.get, "/api/printjobs", key: bob.fullKey).array().isEmpty)
            #expect(try await app.request(.get, "/api/printjobs/\(id)", key: bob.fullKey).status == .notFound)
            #expect(try await app.request(.get, "/api/printjobs/\(id)/content", key: bob.fullKey).status == .notFound)
            let delete = try await app.request(.delete, "/api/printjobs/\(id)", key: bob.fullKey)
            #expect(delete.status == .notFound)
            #expect(try delete.apiError().message == "No print job \(id)")
            #expect(try await app.request(.get, "/api/printjobs/\(id)", key: alice.fullKey).status == .ok)
            try await computer.socket.close()
        }
    }

    // A document of exactly the largest size, 4 MiB here (50 MiB by default: the same code, too slow to build and
    // scan in a debug build amid the suite), above the 1 MiB inline limit. One engine at a time, through a client
    // with a long timeout.
    @Test(.serialized, arguments: TestEngine.allCases)
    func aLargeDocumentIsDeliveredThroughTheContentURI(_ engine: TestEngine) async throws {
        let size = 4 * 1024 * 1024
        try await withTestApp(engine, configure: { $0.maxDocumentSize = size }) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let port = try #require(app.client.port)
            // Bytes that differ from part to part.
            let document = Data(
                (0..<size).map { (index: Int) in UInt8(truncatingIfNeeded: index &* 31 &+ index >> 18) })
            let created = try await Self.slowRequest(
                .POST, "http://127.0.0.1:\(port)/api/printjobs", key: account.fullKey,
                json:
                    #"{"printerId": "\#(computer.printerID)", "contentType": "pdf_base64", "content": "\#(document.base64EncodedString())"}"#
            )
            #expect(created.status == .created)
            let job = try await computer.nextJob()
            #expect(job.contentType == .pdfURI)
            #expect(job.content == "http://127.0.0.1:\(port)/api/printjobs/\(job.id)/content")

            let download = try await Self.slowRequest(.GET, job.content, key: account.fullKey)
            #expect(download.status == .ok)
            #expect(download.headers.first(name: "Content-Type") == "application/pdf")
            #expect(download.body.readableBytes == document.count)
            #expect(SHA256.hash(data: Data(download.body.readableBytesView)) == SHA256.hash(data: document))
            try await computer.socket.close()
        }
    }

    static func slowRequest(_ method: NIOHTTP1.HTTPMethod, _ url: String, key: String, json: String? = nil)
        async throws -> (status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer)
    {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Basic " + Data("\(key):".utf8).base64EncodedString())
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .minutes(5))
        return (response.status, response.headers, try await response.body.collect(upTo: 64 << 20))
    }

    @Test(arguments: TestEngine.allCases)
    func documentsOfFinishedJobsArePurgedAfterTheRetentionPeriod(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: account)
            let finished = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            let open = try await app.createRawJob(printerID: computer.printerID, key: account.fullKey)
            _ = try await computer.nextJob()
            try await computer.socket.send(.jobState(.init(jobId: finished, state: .completed)))
            try await eventually("completed") {
                try await app.jobDetail(finished, key: account.fullKey)["state"] as? String == "completed"
            }
            let jobs = JobService(
                jobs: app.storage.jobs,
                computers: ComputerService(store: app.storage.computers, clock: app.clock.wallClock),
                clock: app.clock.wallClock,
                maxDocumentSize: 1 << 20)
            #expect(try await jobs.purgeDocuments(olderThan: .seconds(3600)) == 0)
            app.clock.advance(by: 3601)
            #expect(try await jobs.purgeDocuments(olderThan: .seconds(3600)) == 1)

            #expect(
                try await app.request(.get, "/api/printjobs/\(finished)/content", key: account.fullKey).status
                    == .notFound)
            #expect(try await app.request(.get, "/api/printjobs/\(finished)", key: account.fullKey).status == .ok)
            #expect(try await app.request(.get, "/api/printjobs/\(open)/content", key: account.fullKey).status == .ok)
            try await computer.socket.close()
        }
    }
}
