import Foundation

/// The server under test, as its own process: `printcloud-server serve` on a fresh SQLite file (or the
/// PostgreSQL URL given), rate limit off, on a free port.
final class BenchServer {
    let process = Process()
    let baseURL: String
    let key: String
    private let output = Pipe()
    private let errors: URL

    /// Starts the server on `database` (default: a fresh SQLite file in `directory`) with a new account.
    init(binary: URL, directory: URL, database: String? = nil) throws {
        let database = database ?? directory.appendingPathComponent("bench.sqlite").path
        errors = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        key = try Self.createAccount(binary: binary, directory: directory, database: database)
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0", "--rate-limit", "0", "--database", database]
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
        guard let line = text.split(separator: "\n").first(where: { $0.contains("listening on ") }),
            let url = line.split(separator: " ").last
        else {
            throw BenchError("the server did not start: \(text)")
        }
        baseURL = String(url)
    }

    /// `users create` on the database: a fresh account for this run, whatever the database holds already.
    private static func createAccount(binary: URL, directory: URL, database: String) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = binary
        process.arguments = [
            "users", "create", "--email", "bench-\(UUID().uuidString.prefix(8).lowercased())@bench.example",
            "--password", UUID().uuidString, "--database", database,
        ]
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let key = object["apiKey"] as? String
        else { throw BenchError("could not create the benchmark's account on \(database)") }
        return key
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
