import Foundation
import Testing

/// The storage engines every store and feature test runs against; SQLite's behaviour is the reference.
public enum TestEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    public var testDescription: String { rawValue }

    /// Runs `body` with a fresh, empty database of this engine, named as `serve --database` takes it (a file
    /// path or a PostgreSQL URL). It outlives any server opened on it, so a test can restart the server on the
    /// same data. Without PostgreSQL, `TestPostgres` decides: a failure in CI, a skip elsewhere.
    public func withDatabase(_ body: (String) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            try await withTemporaryDirectory { directory in
                try await body(directory.appendingPathComponent("test.sqlite").path)
            }
        case .postgres:
            try await TestPostgres.withDatabase(body)
        }
    }
}
