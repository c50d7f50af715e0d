import Foundation
import PrintCloudClient
import PrintCloudProtocol
import Subprocess
import SystemPackage

/// The private CUPS that `scripts/test` starts (`PRINTCLOUD_TEST_CUPS_DIR`, `CUPS_SERVER`), with its
/// virtual printers: `Office` (IPP Everywhere, keeps each document in out/office) and `Label` (raw socket,
/// keeps each job's bytes as out/label/job-N.raw).
public struct TestCUPS: Sendable {
    public let directory: URL

    /// The sandbox, or nil after recording why: a failure in CI, a printed skip elsewhere.
    public static func available(fail: (String) -> Void) -> TestCUPS? {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment["PRINTCLOUD_TEST_CUPS_DIR"], environment["CUPS_SERVER"] != nil else {
            let reason = "PRINTCLOUD_TEST_CUPS_DIR and CUPS_SERVER are not set: run scripts/test, which starts CUPS"
            if environment["CI"] != nil { fail(reason) } else { print("skipping a CUPS test: \(reason)") }
            return nil
        }
        return TestCUPS(directory: URL(fileURLWithPath: path))
    }

    /// Files the printer has received so far (not the empty `.prn` outputs of Office's print command).
    public func received(by printer: String) throws -> [URL] {
        let folder = directory.appendingPathComponent("out/\(printer.lowercased())")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension != "prn" }
    }

    /// The Office printer's jobs with their IPP attributes, as `cups-sandbox.sh jobs` prints them.
    public func officeJobAttributes() async throws -> String {
        try await run(Self.script, ["jobs", directory.path])
    }

    /// One job's attributes as cupsd holds them (Get-Job-Attributes on cupsd, not at the printer): the
    /// options as the client handed them to CUPS, before any filter or backend.
    public func cupsJobAttributes(printer: String, job id: Int) async throws -> String {
        let port = try String(contentsOf: directory.appendingPathComponent("port"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let test = directory.appendingPathComponent("get-job-\(UUID().uuidString).test")
        try """
        {
          OPERATION Get-Job-Attributes
          GROUP operation-attributes-tag
          ATTR charset attributes-charset utf-8
          ATTR naturalLanguage attributes-natural-language en
          ATTR uri printer-uri $uri
          ATTR integer job-id \(id)
          ATTR keyword requested-attributes all
          STATUS successful-ok
        }
        """.write(to: test, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: test) }
        return try await run("ipptool", ["-tv", "ipp://127.0.0.1:\(port)/printers/\(printer)", test.path])
    }

    /// Runs a CUPS command (`cupsdisable`, `cupsenable`, `lpstat`) against the sandbox; returns its output.
    @discardableResult
    public func run(_ command: String, _ arguments: [String]) async throws -> String {
        let executable: Executable = command.contains("/") ? .path(FilePath(command)) : .name(command)
        let result = try await Subprocess.run(
            executable, arguments: Arguments(arguments), output: .string(limit: 1 << 20))
        return result.standardOutput
    }

    /// The number of pages of a PDF, from `pdfinfo`.
    public func pages(of pdf: URL) async throws -> Int? {
        let info = try await run("pdfinfo", [pdf.path])
        return info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.split(separator: " ").last ?? "") }
    }

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/cups-sandbox.sh").path
    }

    /// A small valid PDF with `pages` pages, each saying its number.
    public static func pdf(pages: Int) -> Data {
        TestPage.pdf(pages: (1...pages).map { ["Page \($0)"] })
    }
}
