import Foundation
import PrintCloudTestSupport

/// A real HTTP proxy (Debian's tinyproxy) on loopback, which asks for a user name and password and logs each
/// request it gets: the office proxy of the client's proxy tests. Run as a `ServerProcess`, like every process
/// of the tests (not Foundation's `Process`, see there).
final class TinyProxy: Sendable {
    static let user = "printcloud"
    static let password = "pr0xy-s3cret"

    let port: Int
    private let log: URL
    private let process: ServerProcess

    private init(port: Int, log: URL, process: ServerProcess) {
        self.port = port
        self.log = log
        self.process = process
    }

    /// `http://user:password@127.0.0.1:port`, as `http_proxy` takes it.
    var url: String { "http://\(Self.user):\(Self.password)@127.0.0.1:\(port)" }

    /// The request lines it has logged, such as `CONNECT 127.0.0.1:8080 HTTP/1.1`.
    var requests: [String] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            line.range(of: "Request (file descriptor ").flatMap { found in
                line[found.upperBound...].split(separator: ":", maxSplits: 1).last.map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
            }
        }
    }

    /// Starts tinyproxy in `directory`; nil after recording why when it is not installed.
    static func start(in directory: URL) async throws -> TinyProxy? {
        guard let binary = ["/usr/bin/tinyproxy", "/usr/sbin/tinyproxy"].first(where: FileManager.default.fileExists)
        else {
            recordMissing("tinyproxy is not installed: scripts/test installs it (Debian's tinyproxy)")
            return nil
        }
        let port = try await freePort()
        let log = directory.appendingPathComponent("tinyproxy.log")
        let configuration = directory.appendingPathComponent("tinyproxy.conf")
        try """
        Port \(port)
        Listen 127.0.0.1
        Allow 127.0.0.1
        Timeout 60
        MaxClients 50
        LogFile "\(log.path)"
        LogLevel Connect
        BasicAuth \(user) \(password)

        """.write(to: configuration, atomically: true, encoding: .utf8)
        let process = try await ServerProcess(
            ["-d", "-c", configuration.path], in: directory, executable: URL(fileURLWithPath: binary))
        let proxy = TinyProxy(port: port, log: log, process: process)
        do {
            try await eventually("tinyproxy listening on \(port)") {
                guard let descriptor = try? connectToLoopback(port: port) else { return false }
                close(descriptor)
                return true
            }
        } catch {
            await proxy.stop()
            throw error
        }
        return proxy
    }

    /// Kills it: on SIGTERM tinyproxy waits for its open tunnels to time out, and a test proxy keeps nothing.
    func stop() async {
        try? await process.kill()
    }
}
