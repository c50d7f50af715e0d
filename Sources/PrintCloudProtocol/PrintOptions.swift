import Foundation

/// Print options of a job (API.md, "Print jobs"), passed to the printer by the desktop client.
public struct PrintOptions: Codable, Sendable, Equatable {
    /// 1–999, the printer's copies setting.
    public var copies: Int?
    public var color: Bool?
    public var duplex: Duplex?
    /// Paper size name, such as `A4` or `Letter`.
    public var paper: String?
    /// Paper tray or bin name.
    public var media: String?
    /// Page ranges such as `1-5` or `1,3,5`.
    public var pages: String?
    public var fitToPage: Bool?

    public enum Duplex: String, Codable, Sendable, CaseIterable {
        case oneSided = "one-sided"
        case longEdge = "long-edge"
        case shortEdge = "short-edge"
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case copies, color, duplex, paper, media, pages
        case fitToPage = "fit_to_page"
    }

    public init(
        copies: Int? = nil, color: Bool? = nil, duplex: Duplex? = nil, paper: String? = nil, media: String? = nil,
        pages: String? = nil, fitToPage: Bool? = nil
    ) {
        self.copies = copies
        self.color = color
        self.duplex = duplex
        self.paper = paper
        self.media = media
        self.pages = pages
        self.fitToPage = fitToPage
    }

    /// Why an option is refused; `field` names it as the API does (`options.copies`).
    public struct ValidationError: Error, Sendable, Equatable {
        public var field: String
        public var reason: String
    }

    /// Reads and checks options as a client sent them: unknown names, wrong types and bad values are refused.
    public static func validated(_ object: [String: JSONValue]) throws(ValidationError) -> PrintOptions {
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw ValidationError(
                field: "options.\(unknown)",
                reason: "unknown option; known are \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var options = PrintOptions()
        for (name, value) in object where value != .null {
            let field = "options.\(name)"
            switch CodingKeys(rawValue: name)! {
            case .copies:
                guard case .number(let number) = value, number.rounded() == number else {
                    throw ValidationError(field: field, reason: "must be an integer")
                }
                guard (1...999).contains(number) else {
                    throw ValidationError(field: field, reason: "must be 1 to 999")
                }
                options.copies = Int(number)
            case .color:
                options.color = try boolean(value, field)
            case .fitToPage:
                options.fitToPage = try boolean(value, field)
            case .duplex:
                let text = try string(value, field)
                guard let duplex = Duplex(rawValue: text) else {
                    throw ValidationError(field: field, reason: "must be one-sided, long-edge or short-edge")
                }
                options.duplex = duplex
            case .paper:
                options.paper = try shortText(value, field)
            case .media:
                options.media = try shortText(value, field)
            case .pages:
                let text = try string(value, field)
                guard PageRanges.isValid(text) else {
                    throw ValidationError(field: field, reason: "must be page ranges such as 1-5 or 1,3,5")
                }
                options.pages = text
            }
        }
        return options
    }

    private static func boolean(_ value: JSONValue, _ field: String) throws(ValidationError) -> Bool {
        guard case .bool(let bool) = value else { throw ValidationError(field: field, reason: "must be true or false") }
        return bool
    }

    private static func string(_ value: JSONValue, _ field: String) throws(ValidationError) -> String {
        guard case .string(let text) = value else { throw ValidationError(field: field, reason: "must be a string") }
        return text
    }

    private static func shortText(_ value: JSONValue, _ field: String) throws(ValidationError) -> String {
        let text = try string(value, field)
        guard !text.isEmpty, text.unicodeScalars.count <= 100 else {
            throw ValidationError(field: field, reason: "must be 1 to 100 characters")
        }
        // No stored text holds U+0000: PostgreSQL cannot store it.
        guard !text.utf8.contains(0) else {
            throw ValidationError(field: field, reason: "must not contain NUL characters (\\u0000)")
        }
        return text
    }
}

/// Page ranges: comma-separated pages or ranges, `1-5`, `1,3,5`, `2-4,8`; pages count from 1.
public enum PageRanges {
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 100 else { return false }
        return parts.allSatisfy { part in
            let bounds = part.trimmingCharacters(in: .whitespaces).split(
                separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count) else { return false }
            let numbers = bounds.compactMap { bound -> Int? in
                guard !bound.isEmpty, bound.count <= 6, bound.allSatisfy(\.isASCIIDigit) else { return nil }
                return Int(bound)
            }
            guard numbers.count == bounds.count, numbers.allSatisfy({ $0 >= 1 }) else { return false }
            return numbers.count == 1 || numbers[0] <= numbers[1]
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
