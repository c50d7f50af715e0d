import Foundation

/// The little Markdown the OpenAPI document's descriptions use, as HTML: paragraphs, pipe tables, `code` and
/// **bold**. Descriptions are our own text, so this covers what we write, not CommonMark.
enum Markdown {
    static func html(_ text: String) -> String {
        text.split(separator: "\n\n").map { block -> String in
            let lines = block.split(separator: "\n").map(String.init)
            guard lines.allSatisfy({ $0.hasPrefix("|") }), lines.count >= 2 else {
                return "<p>\(inline(String(block)))</p>\n"
            }
            // The second line only separates the head from the rows.
            let rows = [lines[0]] + lines.dropFirst(2)
            let cells = rows.map { line in
                line.dropFirst().split(separator: "|", omittingEmptySubsequences: false).dropLast().map {
                    inline($0.trimmingCharacters(in: [" "]))
                }
            }
            var table = "<table><tr>" + cells[0].map { "<th>\($0)</th>" }.joined() + "</tr>\n"
            for row in cells.dropFirst() { table += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
            return table + "</table>\n"
        }.joined()
    }

    /// One line or paragraph: escaped, with `code` and **bold**.
    static func inline(_ text: String) -> String {
        escape(text)
            .replacing(/`([^`]*)`/) { "<code>\($0.output.1)</code>" }
            .replacing(/\*\*([^*]+)\*\*/) { "<strong>\($0.output.1)</strong>" }
    }
}
