import Foundation
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
        var objects: [String] = ["<< /Type /Catalog /Pages 2 0 R >>"]
        let kids = (0..<pages).map { "\(3 + 2 * $0) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pages) >>")
        for page in 0..<pages {
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents \(4 + 2 * page) 0 R "
                    + "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>")
            let stream = "BT /F1 24 Tf 72 720 Td (Page \(page + 1)) Tj ET"
            objects.append("<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream")
        }
        var output = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.utf8.count)
            output += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = output.utf8.count
        output += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { output += String(format: "%010d 00000 n \n", offset) }
        output += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(output.utf8)
    }
}
