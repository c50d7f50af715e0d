import Foundation
import PrintCloudTestSupport
import Synchronization
import Testing

/// The `printcloud-server` binary run as a real process, its output collected as it comes.
final class ServerProcess {
    /// The binary `swift build` made: `PRINTCLOUD_SERVER_BINARY`, else `.build/debug/printcloud-server`.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["PRINTCLOUD_SERVER_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/printcloud-server")
    }

    private let process: Process
    private let output = OutputBuffer()
    private let errors = OutputBuffer()

    /// Starts the binary (the server's unless told) with `arguments` in `directory`.
    init(_ arguments: [String], in directory: URL, executable: URL = ServerProcess.binary) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        stdout.fileHandleForReading.readabilityHandler = { [output] in output.append($0.availableData) }
        stderr.fileHandleForReading.readabilityHandler = { [errors] in errors.append($0.availableData) }
        try launch(process)
    }

    var standardOutput: String { output.text }
    var standardError: String { errors.text }

    /// Waits, at most `timeout` seconds, for a line of standard output containing `text`, and returns it.
    func line(containing text: String, timeout: Double = 60) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = standardOutput.split(separator: "\n").first(where: { $0.contains(text) }) {
                return String(line)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ProcessError(message: "no line with \"\(text)\"; stdout: \(standardOutput) stderr: \(standardError)")
    }

    /// Waits for the process to end and returns its exit status, once its output is read to the end.
    func exitStatus(timeout: Double = 120) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else { throw ProcessError(message: "still running after \(timeout) s") }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Let the readability handlers deliver the last bytes.
        try await Task.sleep(for: .milliseconds(100))
        return process.terminationStatus
    }

    /// SIGKILL: no chance to flush or clean up, as in a crash or power cut.
    func kill() async throws {
        Foundation.kill(process.processIdentifier, SIGKILL)
        _ = try await exitStatus()
    }

    func terminate() async throws {
        if process.isRunning { process.terminate() }
        _ = try await exitStatus()
    }

    /// Runs the binary to its end; returns its exit status and output.
    static func run(_ arguments: [String], in directory: URL) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = try ServerProcess(arguments, in: directory)
        let status = try await process.exitStatus()
        return (status, process.standardOutput, process.standardError)
    }
}

/// Bytes a pipe delivered so far, appended from the pipe's reading thread.
final class OutputBuffer: Sendable {
    private let data = Mutex(Data())

    func append(_ bytes: Data) { data.withLock { $0.append(bytes) } }
    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}
