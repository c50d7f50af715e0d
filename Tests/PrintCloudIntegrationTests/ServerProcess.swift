import Foundation
import PrintCloudTestSupport
import Subprocess
import Synchronization
import SystemPackage
import Testing

/// The `printcloud-server` binary run as a real process, its output collected as it comes.
///
/// Spawned with swift-subprocess rather than Foundation's `Process`: on Linux, `Process.run()` reads
/// `/proc/self/fd` past the end of glibc's buffer and crashes (SIGSEGV) once the test process holds some
/// 1,400 descriptors, which the whole suite running in parallel does.
final class ServerProcess: Sendable {
    /// The binary `swift build` made: `PRINTCLOUD_SERVER_BINARY`, else `.build/debug/printcloud-server`.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["PRINTCLOUD_SERVER_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/printcloud-server")
    }

    let processIdentifier: pid_t
    private let run: Task<TerminationStatus, any Error>
    private let output = OutputBuffer()
    private let errors = OutputBuffer()

    /// Starts the binary (the server's unless told) with `arguments` in `directory`, with `environment` added to
    /// this process's.
    init(
        _ arguments: [String], in directory: URL, executable: URL = ServerProcess.binary,
        environment: [String: String] = [:]
    ) async throws {
        let (started, starting) = AsyncStream.makeStream(of: pid_t.self)
        run = Task { [output, errors] in
            defer { starting.finish() }
            return try await Subprocess.run(
                .path(FilePath(executable.path)), arguments: Arguments(arguments),
                environment: .inherit.updating(
                    Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(rawValue: $0.key)!, $0.value) })
                ),
                workingDirectory: FilePath(directory.path), input: .none, output: .sequence, error: .sequence
            ) { execution in
                starting.yield(execution.processIdentifier.value)
                async let errorsRead: Void = errors.read(execution.standardError)
                try await output.read(execution.standardOutput)
                try await errorsRead
            }.terminationStatus
        }
        var pids = started.makeAsyncIterator()
        guard let pid = await pids.next() else {
            _ = try await run.value
            throw ProcessError(message: "\(executable.path) did not start")
        }
        processIdentifier = pid
    }

    var standardOutput: String { output.text }
    var standardError: String { errors.text }
    private var isRunning: Bool { !output.ended }

    /// Waits, at most `timeout` seconds, for a line of standard output containing `text`, and returns it.
    func line(containing text: String, timeout: Double = 60) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = standardOutput.split(separator: "\n").first(where: { $0.contains(text) }) {
                return String(line)
            }
            guard isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ProcessError(message: "no line with \"\(text)\"; stdout: \(standardOutput) stderr: \(standardError)")
    }

    /// The last word of the first line of standard output containing `text`: what the server announces there,
    /// such as its URL after "listening on" or the initial key after "API key".
    func announced(_ text: String) async throws -> String {
        let line = try await line(containing: text)
        return String(line.split(separator: " ").last ?? Substring(line))
    }

    /// Waits, at most `timeout` seconds, for the process to end (its output read to the end) and returns its
    /// exit status, or 128 + the signal that ended it.
    func exitStatus(timeout: Double = 120) async throws -> Int32 {
        // A race rather than a task group: a group waits for all its tasks, and waiting for `run` cannot be
        // cancelled, so a process whose output never ends (a child of it holding the pipe) would hang the
        // test instead of failing it.
        let first = FirstAnswer<Result<TerminationStatus, any Error>?>()
        var timer: Task<Void, Never>?
        let outcome = await withCheckedContinuation { continuation in
            first.wait(continuation)
            Task { [run] in first.answer(await run.result) }
            timer = Task {
                try? await Task.sleep(for: .seconds(timeout))
                first.answer(nil)
            }
        }
        // The timer is done with once the process answered first.
        timer?.cancel()
        guard let outcome else {
            throw ProcessError(
                message: "pid \(processIdentifier) still running (or its output still open) after \(timeout) s; "
                    + "stdout: \(standardOutput.suffix(2000)) stderr: \(standardError.suffix(2000))")
        }
        switch try outcome.get() {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// SIGKILL: no chance to flush or clean up, as in a crash or power cut.
    func kill() async throws {
        if isRunning { Foundation.kill(processIdentifier, SIGKILL) }
        _ = try await exitStatus()
    }

    func terminate() async throws {
        if isRunning { Foundation.kill(processIdentifier, SIGTERM) }
        _ = try await exitStatus()
    }

    /// Runs `body`, then stops the process with SIGTERM; kills it when `body` throws.
    func stopped<T>(after body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            try await terminate()
            return value
        } catch {
            try? await kill()
            throw error
        }
    }

    /// Runs the binary to its end; returns its exit status and output.
    static func run(_ arguments: [String], in directory: URL) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = try await ServerProcess(arguments, in: directory)
        let status = try await process.exitStatus()
        return (status, process.standardOutput, process.standardError)
    }
}

/// Bytes a pipe delivered so far, and whether it reached its end.
final class OutputBuffer: Sendable {
    private let state = Mutex((data: Data(), ended: false))

    func read(_ sequence: SubprocessOutputSequence) async throws {
        defer { state.withLock { $0.ended = true } }
        for try await buffer in sequence {
            buffer.withUnsafeBytes { bytes in state.withLock { $0.data.append(contentsOf: bytes) } }
        }
    }

    var text: String { state.withLock { String(decoding: $0.data, as: UTF8.self) } }
    var ended: Bool { state.withLock { $0.ended } }
}

/// Resumes one waiter with the first of several answers; the later ones are dropped.
private final class FirstAnswer<T: Sendable>: Sendable {
    private let waiter = Mutex<CheckedContinuation<T, Never>?>(nil)

    func wait(_ continuation: CheckedContinuation<T, Never>) { waiter.withLock { $0 = continuation } }
    func answer(_ value: T) { waiter.withLock { $0.take()?.resume(returning: value) } }
}
