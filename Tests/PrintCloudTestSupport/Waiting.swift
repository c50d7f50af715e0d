import Foundation

/// A test helper's failure, saying what went wrong.
public struct ProcessError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}

/// A temporary folder removed after `body`.
public func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("printcloud-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// Waits, at most `seconds`, until `condition` holds: for effects that land a moment after the event
/// that causes them (a socket closing marks its computer offline, a webhook arrives).
public func eventually(
    within seconds: Double = 30, _ what: String, _ condition: () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while try await !condition() {
        guard Date() < deadline else { throw ProcessError(message: "timed out waiting for: \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
