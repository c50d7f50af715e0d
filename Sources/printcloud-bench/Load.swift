import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP calls the benchmark makes, with the account's key.
struct API: Sendable {
    let baseURL: String
    let key: String

    func request(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> (
        status: Int, body: ByteBuffer
    ) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Basic " + Data("\(key):".utf8).base64EncodedString())
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        return (Int(response.status.code), try await response.body.collect(upTo: 1 << 28))
    }

    /// The body of `POST /api/printjobs` for a raw document, already in base64.
    static func jobBody(printerID: String, document: String) -> String {
        #"{"printerId": "\#(printerID)", "contentType": "raw_base64", "content": "\#(document)"}"#
    }

    /// Creates a job and returns its id.
    func createJob(printerID: String, document: String) async throws -> String {
        let (status, body) = try await request(
            .POST, "/api/printjobs", json: Self.jobBody(printerID: printerID, document: document))
        guard status == 201 else { throw BenchError("POST /api/printjobs answered \(status)") }
        return try JSONDecoder().decode(String.self, from: Data(body.readableBytesView))
    }

    /// The printers of the computers whose names start with `prefix`.
    func printerIDs(ofComputersNamed prefix: String) async throws -> [String] {
        let (_, body) = try await request(.GET, "/api/computers")
        let computers = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [[String: Any]] ?? []
        return computers.filter { ($0["name"] as? String)?.hasPrefix(prefix) == true }
            .flatMap { $0["printers"] as? [[String: Any]] ?? [] }.compactMap { $0["id"] as? String }
    }

    /// How many jobs are in `state` (of one printer, or of all), paging through the history.
    func count(state: String, printerID: String? = nil) async throws -> Int {
        var total = 0
        var cursor = ""
        let printer = printerID.map { "&printerId=\($0)" } ?? ""
        while true {
            let (_, body) = try await request(.GET, "/api/printjobs?limit=1000&state=\(state)\(printer)\(cursor)")
            let page = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [[String: Any]] ?? []
            total += page.count
            guard page.count == 1000, let last = page.last?["id"] as? String else { return total }
            cursor = "&after=\(last)"
        }
    }
}

/// Runs `work` from `concurrency` loops for `duration`; how many calls succeeded and failed.
func hammer(
    concurrency: Int, for duration: Duration, _ work: @escaping @Sendable (Int) async throws -> Void
) async -> (ok: Int, failed: Int, seconds: Double) {
    let start = ContinuousClock.now
    let deadline = start + duration
    let counts = await withTaskGroup(of: (Int, Int).self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var ok = 0
                var failed = 0
                while ContinuousClock.now < deadline {
                    do {
                        try await work(worker)
                        ok += 1
                    } catch {
                        failed += 1
                    }
                }
                return (ok, failed)
            }
        }
        return await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
    }
    return (counts.0, counts.1, (ContinuousClock.now - start).seconds)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
