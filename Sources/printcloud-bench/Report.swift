import Foundation

/// The figures of one run: printed as a table, written as JSON.
struct Report {
    struct Figure: Codable {
        var name: String
        var value: Double
        var description: String
        /// The figure over its ceiling (or another reference), where it has one.
        var ratio: Double?
        var ratioTo: String?
    }

    var figures: [Figure] = []

    mutating func add(
        _ name: String, _ value: Double, _ description: String, ratioTo ceiling: Double? = nil,
        reference: String = "ceiling"
    ) {
        figures.append(
            Figure(
                name: name, value: value, description: description, ratio: ceiling.map { $0 > 0 ? value / $0 : 0 },
                ratioTo: ceiling == nil ? nil : reference))
    }

    var table: String {
        figures.map { figure in
            let ratio = figure.ratio.map { String(format: "  (%.2f× ", $0) + (figure.ratioTo ?? "") + ")" } ?? ""
            return figure.name.padding(toLength: 46, withPad: " ", startingAt: 0)
                + String(format: "%14.1f  ", figure.value) + figure.description + ratio
        }.joined(separator: "\n")
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(figures).write(to: URL(fileURLWithPath: path))
    }
}
