import Foundation

/// HTTP load from `wrk` (Debian's package), a C load generator: this process's own HTTP client reaches less
/// than half of wrk's `GET /healthz` rate (`generator.get_healthz_per_s`), so figures it drove measured it.
struct Wrk {
    let connections: Int
    let duration: Duration
    /// Where the request's Lua script is written.
    let directory: URL

    struct Result {
        var requestsPerSecond: Double
        /// Answers that were not 2xx or 3xx, and connection errors.
        var failed: Int
        var seconds: Double
        var succeededPerSecond: Double { requestsPerSecond - Double(failed) / seconds }
    }

    /// Sends `method path` as fast as `connections` connections on 2 threads can, for `duration`.
    /// With several `bodies`, each request sends the next one in turn.
    func run(
        _ method: String, _ url: String, key: String? = nil, bodies: [String] = []
    ) async throws -> Result {
        var script = "wrk.method = \(Self.lua(method))\n"
        if let key {
            let credentials = Data("\(key):".utf8).base64EncodedString()
            script += "wrk.headers[\"Authorization\"] = \(Self.lua("Basic " + credentials))\n"
        }
        if !bodies.isEmpty {
            script += """
                wrk.headers["Content-Type"] = "application/json"
                local bodies = { \(bodies.map(Self.lua).joined(separator: ", ")) }
                local next = 0
                request = function()
                  next = next % #bodies + 1
                  return wrk.format(nil, nil, nil, bodies[next])
                end

                """
        }
        let scriptURL = directory.appendingPathComponent("wrk-\(UUID().uuidString).lua")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: scriptURL) }
        let seconds = max(1, Int(duration.seconds.rounded()))
        let output = try await Self.launch([
            "-t2", "-c\(connections)", "-d\(seconds)s", "--timeout", "10s", "-s", scriptURL.path, url,
        ])
        guard let rate = Self.number(after: "Requests/sec:", in: output) else {
            throw BenchError("wrk printed no rate: \(output)")
        }
        let non2xx = Self.number(after: "Non-2xx or 3xx responses:", in: output) ?? 0
        let socketErrors = Self.socketErrors(in: output)
        return Result(requestsPerSecond: rate, failed: Int(non2xx) + socketErrors, seconds: Double(seconds))
    }

    /// Runs wrk on a thread of its own: waiting for it must not hold one of the cooperative pool's threads,
    /// which the simulated clients of this process need meanwhile.
    private static func launch(_ arguments: [String]) async throws -> String {
        guard let path = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile)
        else { throw BenchError("wrk is not installed (apt-get install wrk; scripts/bench and scripts/test do)") }
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                let pipe = Pipe()
                process.executableURL = URL(fileURLWithPath: path)
                process.arguments = arguments
                process.standardOutput = pipe
                process.standardError = pipe
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                if process.terminationStatus == 0 {
                    continuation.resume(returning: output)
                } else {
                    continuation.resume(throwing: BenchError("wrk failed: \(output)"))
                }
            }
        }
    }

    private static func number(after label: String, in output: String) -> Double? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains(label) }) else { return nil }
        return Double(line.replacingOccurrences(of: label, with: "").trimmingCharacters(in: .whitespaces))
    }

    /// `Socket errors: connect 0, read 0, write 0, timeout 0`, summed.
    private static func socketErrors(in output: String) -> Int {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("Socket errors:") }) else {
            return 0
        }
        return line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.reduce(0, +)
    }

    /// A Lua string literal.
    private static func lua(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
