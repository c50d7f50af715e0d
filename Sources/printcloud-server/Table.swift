import Foundation

/// Rows printed as aligned columns for people, or as one JSON array for scripts (`--json`).
struct Table {
    let headers: [String]
    var rows: [[String]] = []

    func print() {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        for row in [headers] + rows {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            writeLine(cells.joined(separator: "  "))
        }
    }
}
