import Foundation
import Subprocess
import SystemPackage

/// `openapi-spec-validator` (PyPI), which `scripts/test` installs: checks a document against the OpenAPI
/// specification, its JSON Schemas included.
public enum OpenAPISpecValidator {
    /// What the validator said about a document.
    public struct Verdict: Sendable {
        public var valid: Bool
        public var output: String
    }

    /// Validates `document`. Without the validator: nil after recording why, through `fail` in CI, as a
    /// printed skip elsewhere.
    public static func validate(_ document: Data, fail: (String) -> Void) async throws -> Verdict? {
        guard await isInstalled else {
            let reason =
                "openapi-spec-validator is not installed: run scripts/test, which installs it with python3 -m pip"
            if ProcessInfo.processInfo.environment["CI"] != nil {
                fail(reason)
            } else {
                print("skipping an OpenAPI validation: \(reason)")
            }
            return nil
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("openapi.json")
        try document.write(to: file)
        let result = try await Subprocess.run(
            .name("python3"), arguments: ["-m", "openapi_spec_validator", file.path],
            output: .string(limit: 1 << 20), error: .combinedWithOutput)
        return Verdict(valid: result.terminationStatus.isSuccess, output: result.standardOutput)
    }

    /// Whether the `python3` on the path can import the validator (the one `scripts/test` installs it for).
    static var isInstalled: Bool {
        get async {
            let result = try? await Subprocess.run(
                .name("python3"), arguments: ["-c", "import openapi_spec_validator"], output: .discarded,
                error: .discarded)
            return result?.terminationStatus.isSuccess == true
        }
    }
}
