import Foundation
import PrintCloudProtocol

/// What the client reports of a printer in `capabilities`. `color`, `duplex`, `media` and `bins` are the
/// published API's (people's names, as API.md shows them); the rest are our additions, in the API's
/// camelCase. The report is compared with the last one on every poll, so a change of any field, a new
/// state reason included, is reported again.
public struct PrinterCapabilities: Sendable, Equatable {
    public var color: Bool
    public var duplex: Bool
    public var vocabulary: PrinterVocabulary
    /// `printer-resolution-supported` as CUPS writes resolutions: `600dpi`, `600x300dpi`.
    public var resolutions: [String]
    /// The upper bound of `copies-supported`, when the printer says.
    public var maxCopies: Int?
    /// `printer-state-reasons` without `none`: `media-empty-error`, `toner-low-warning`, `paused`.
    public var stateReasons: [String]

    public init(
        color: Bool, duplex: Bool, vocabulary: PrinterVocabulary, resolutions: [String] = [], maxCopies: Int? = nil,
        stateReasons: [String] = []
    ) {
        self.color = color
        self.duplex = duplex
        self.vocabulary = vocabulary
        self.resolutions = resolutions
        self.maxCopies = maxCopies
        self.stateReasons = stateReasons
    }

    public var json: [String: JSONValue] {
        var json: [String: JSONValue] = [
            "color": .bool(color),
            "duplex": .bool(duplex),
            "media": .array(vocabulary.papers.map { .string($0.name) }),
            "bins": .array(vocabulary.trays.map { .string($0.name) }),
            "papers": .array(vocabulary.papers.map(Self.json)),
            "trays": .array(
                vocabulary.trays.map { .object(["name": .string($0.name), "keyword": .string($0.keyword)]) }),
            "resolutions": .array(resolutions.map(JSONValue.string)),
            "stateReasons": .array(stateReasons.map(JSONValue.string)),
        ]
        if let maxCopies { json["maxCopies"] = .number(Double(maxCopies)) }
        return json
    }

    private static func json(_ paper: PrinterVocabulary.Paper) -> JSONValue {
        var json: [String: JSONValue] = ["name": .string(paper.name), "pwg": .string(paper.pwg)]
        if let width = paper.widthMillimetres, let height = paper.heightMillimetres {
            json["widthMm"] = .number(width)
            json["heightMm"] = .number(height)
        }
        return .object(json)
    }

    /// The reasons in CUPS' comma-separated `printer-state-reasons`; `none` means there are none.
    public static func stateReasons(in text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty && $0 != "none"
        }
    }
}
