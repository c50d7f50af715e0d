import Foundation
import PrintCloudProtocol

/// What a printer's reported capabilities say, in the words of the people at it: the paper and tray names the
/// desktop client gave ("A4", "Tray 1"), color and duplex as yes or no, reasons as sentences.
struct PrinterFacts {
    var papers: [String] = []
    var trays: [String] = []
    var color: Bool?
    var duplex: Bool?
    var resolutions: [String] = []
    var maxCopies: Int?
    var reasons: [String] = []

    init(_ capabilities: [String: JSONValue]) {
        papers = Self.names(capabilities["papers"]) ?? Self.strings(capabilities["media"])
        trays = Self.names(capabilities["trays"]) ?? Self.strings(capabilities["bins"])
        if case .bool(let value) = capabilities["color"] { color = value }
        if case .bool(let value) = capabilities["duplex"] { duplex = value }
        resolutions = Self.strings(capabilities["resolutions"]).map { $0.replacingOccurrences(of: "dpi", with: " dpi") }
        if case .number(let value) = capabilities["maxCopies"], value >= 1 { maxCopies = Int(min(value, 999)) }
        reasons = Self.strings(capabilities["stateReasons"]).map(Self.words(forReason:))
    }

    /// CUPS' `printer-state-reasons` keyword as a sentence; an unknown one as it is, without its severity.
    static func words(forReason keyword: String) -> String {
        var base = keyword
        for suffix in ["-error", "-warning", "-report"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
        }
        return switch base {
        case "media-empty", "media-needed": "Out of paper"
        case "media-jam": "Paper jam"
        case "media-low": "Paper low"
        case "toner-low", "marker-supply-low": "Toner or ink low"
        case "toner-empty", "marker-supply-empty": "Out of toner or ink"
        case "door-open", "cover-open": "A door or cover is open"
        case "paused": "Paused at the computer"
        case "offline", "shutdown": "Switched off or unreachable"
        case "connecting-to-device": "Connecting to the printer"
        case "input-tray-missing": "A tray is missing"
        case "cups-waiting-for-job-completed": "Finishing a job"
        case "cups-missing-filter": "The computer cannot convert documents for it"
        case "output-area-full": "Output tray full"
        default: base
        }
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let items) = value else { return [] }
        return items.compactMap { item in
            if case .string(let text) = item { text } else { nil }
        }
    }

    private static func names(_ value: JSONValue?) -> [String]? {
        guard case .array(let items) = value, !items.isEmpty else { return nil }
        return items.compactMap { item in
            if case .object(let object) = item, case .string(let name) = object["name"] { name } else { nil }
        }
    }
}
