import Foundation
import PrintCloudTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP connection to the test server, for what no HTTP client sends: half a head, a head trickled
/// byte by byte, a malformed head, a silent WebSocket. Reads never block a thread of the test's executor:
/// they poll a non-blocking socket until the awaited event or a deadline.
final class RawConnection {
    private var descriptor: Int32
    private(set) var received: [UInt8] = []

    init(port: Int) throws {
        descriptor = try connectToLoopback(port: port)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit { close() }

    /// Hangs up, as a client going away would.
    func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }

    /// Sends `bytes`; false if the server has already closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8], within seconds: Double = 10) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                guard Date() < deadline else { throw ProcessError(message: "the server stopped reading") }
                try await Task.sleep(for: .milliseconds(5))
            } else {
                return false
            }
        }
        return true
    }

    @discardableResult
    func send(_ text: String) async throws -> Bool {
        try await send(Array(text.utf8))
    }

    /// Reads until the server closes the connection (end of stream or reset): true if it did within
    /// `seconds`, false if it was still open then. What arrived is in `received`.
    func closedByServer(within seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            switch readAvailable() {
            case .closed: return true
            case .data: continue
            case .nothing:
                guard Date() < deadline else { return false }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Waits until the server has dropped the connection altogether, not merely closed its side: `probe` is
    /// sent every 50 ms, which a server still reading accepts and a closed socket answers with a reset.
    /// True if that happened within `seconds`.
    func droppedByServer(within seconds: Double, probe: [UInt8]) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            while case .data = readAvailable() {}
            let sent = probe.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0, errno == EPIPE || errno == ECONNRESET { return true }
            var byte: UInt8 = 0
            if recv(descriptor, &byte, 1, Int32(MSG_PEEK)) < 0, errno == ECONNRESET { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Forgets the first `count` bytes received, once a test has read them.
    func dropReceived(upTo count: Int) {
        received.removeFirst(count)
    }

    /// Whether the server has closed the connection by now, reading whatever has arrived.
    func isClosedByServer() -> Bool {
        while true {
            switch readAvailable() {
            case .closed: return true
            case .data: continue
            case .nothing: return false
            }
        }
    }

    private enum ReadResult { case data, nothing, closed }

    private func readAvailable() -> ReadResult {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            received += buffer[..<count]
            return .data
        }
        if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { return .nothing }
        return .closed
    }
}

/// An HTTP response read off a raw connection.
struct RawResponse {
    let statusLine: String
    let headers: [String: String]
    let body: [UInt8]

    init?(_ bytes: [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        statusLine = lines[0]
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        self.headers = headers
        body = Array(bytes[(end + 4)...])
    }

    /// The body as a JSON object.
    func object() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw ProcessError(message: "the body is not a JSON object")
        }
        return object
    }
}
