import Foundation

/// PDFs of plain text lines: the test page of `printcloud-client test-page` and of the dashboard, made in code
/// so that a test page needs no file (and the documents of the CUPS tests).
public enum TestPage {
    /// One page with these lines, the first as a heading.
    public static func pdf(lines: [String]) -> Data {
        pdf(pages: [lines])
    }

    /// A page for each list of lines.
    public static func pdf(pages: [[String]]) -> Data {
        // PDF strings escape their delimiters and the escape itself; the built-in Helvetica shows ASCII only.
        func literal(_ text: String) -> String {
            let ascii = String(text.unicodeScalars.map { $0.isASCII && $0.value >= 32 ? Character($0) : "?" })
            return ascii.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                .replacingOccurrences(of: ")", with: "\\)")
        }
        let kids = pages.indices.map { "\(3 + 2 * $0) 0 R" }.joined(separator: " ")
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>"]
        for (index, lines) in pages.enumerated() {
            let text = lines.enumerated().map { line, content in
                "BT /F1 \(line == 0 ? 24 : 12) Tf 72 \(760 - line * 28) Td (\(literal(content))) Tj ET"
            }.joined(separator: "\n")
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents \(4 + 2 * index) 0 R "
                    + "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>")
            objects.append("<< /Length \(text.utf8.count) >>\nstream\n\(text)\nendstream")
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
