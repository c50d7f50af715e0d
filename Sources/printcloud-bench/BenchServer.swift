import Foundation

/// The server under test, as its own process: `printcloud-server serve` on a fresh SQLite file (or the
/// PostgreSQL URL given), rate limit off, on a free port.
final class BenchServer {
    let process = Process()
    let baseURL: String
    let key: String
    let password: String
    private let output = Pipe()
    private let errors: URL

    init(binary: URL, directory: URL, extraArguments: [String] = []) throws {
        errors = directory.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = binary
        process.arguments =
            [
                "serve", "--port", "0", "--rate-limit", "0", "--database",
                directory.appendingPathComponent("bench.sqlite").path,
            ]
            + extraArguments
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("listening on "), Date() < deadline {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            text += String(decoding: data, as: UTF8.self)
        }
        func field(_ label: String) -> String? {
            text.split(separator: "\n").first { $0.contains(label) }.flatMap { $0.split(separator: " ").last }.map(
                String.init)
        }
        guard let url = field("listening on "), let key = field("API key"), let password = field("password") else {
            throw BenchError("the server did not start: \(text)")
        }
        baseURL = url
        self.key = key
        self.password = password
    }

    var pid: Int32 { process.processIdentifier }

    /// Resident memory now and at its peak, in KiB (Linux `/proc`).
    func memory() -> (resident: Int, peak: Int) {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        func value(_ name: String) -> Int {
            status.split(separator: "\n").first { $0.hasPrefix(name) }
                .flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
        }
        return (value("VmRSS:"), value("VmHWM:"))
    }

    /// Stops the server (SIGTERM) and returns its group-commit figures from its last log line.
    func stop() -> (writes: Int, commits: Int)? {
        process.terminate()
        process.waitUntilExit()
        let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        guard let line = log.split(separator: "\n").last(where: { $0.contains("write statistics") }) else { return nil }
        func number(_ key: String) -> Int? {
            line.split(separator: " ").first { $0.hasPrefix("\(key)=") }.flatMap { Int($0.dropFirst(key.count + 1)) }
        }
        guard let writes = number("writes"), let commits = number("commits") else { return nil }
        return (writes, commits)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
