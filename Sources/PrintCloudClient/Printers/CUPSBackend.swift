import CCUPS
import Foundation
import NIOPosix
import PrintCloudProtocol

/// `PrinterBackend` over libcups. libcups blocks, and keeps its last error per thread, so every call runs
/// whole on one thread of NIO's pool, off Swift's cooperative pool. `CUPS_SERVER` picks the cupsd.
/// Handing jobs over and asking about them is in `CUPSBackend+jobs.swift`.
public struct CUPSBackend: PrinterBackend {
    /// If set, only these printers are reported and used.
    public var sharedPrinters: Set<String>?
    /// Where a test makes the client die while a document is being sent.
    let faults: FaultPoint

    public init(sharedPrinters: Set<String>? = nil, faults: FaultPoint = .none) {
        self.sharedPrinters = sharedPrinters
        self.faults = faults
    }

    public func printers() async throws -> [PrinterReport] {
        let shared = sharedPrinters
        return try await NIOThreadPool.singleton.runIfActive {
            Self.withDestinations { destinations in
                destinations.compactMap { destination -> PrinterReport? in
                    var destination = destination
                    let name = String(cString: destination.name)
                    guard destination.instance == nil, shared?.contains(name) ?? true else { return nil }
                    return Self.report(for: &destination, name: name)
                }
            }
        }
    }

    // MARK: - libcups, on the calling thread

    static func withDestinations<T>(_ body: ([cups_dest_t]) -> T) -> T {
        var destinations: UnsafeMutablePointer<cups_dest_t>?
        let count = cupsGetDests2(nil, &destinations)
        defer { cupsFreeDests(count, destinations) }
        guard count > 0, let destinations else { return body([]) }
        return body(Array(UnsafeBufferPointer(start: destinations, count: Int(count))))
    }

    private static func option(_ name: String, of destination: cups_dest_t) -> String? {
        cupsGetOption(name, destination.num_options, destination.options).map { String(cString: $0) }
    }

    private static func report(for destination: inout cups_dest_t, name: String) -> PrinterReport {
        var capabilities: [String: JSONValue] = [:]
        if let info = cupsCopyDestInfo(nil, &destination) {
            defer { cupsFreeDestInfo(info) }
            func supported(_ option: String) -> [String] {
                guard let attribute = cupsFindDestSupported(nil, &destination, info, option) else { return [] }
                return (0..<ippGetCount(attribute)).compactMap {
                    ippGetString(attribute, $0, nil).map { String(cString: $0) }
                }
            }
            let colorModes = supported("print-color-mode")
            capabilities["color"] = .bool(colorModes.contains { $0 == "color" || $0 == "auto" && colorModes.count > 1 })
            capabilities["duplex"] = .bool(supported("sides").contains { $0.hasPrefix("two-sided") })
            capabilities["media"] = .array(supported("media").map(JSONValue.string))
            capabilities["bins"] = .array(supported("media-source").map(JSONValue.string))
        }
        return PrinterReport(
            name: name, capabilities: capabilities, isDefault: destination.is_default != 0,
            state: state(of: destination))
    }

    /// `printer-state` (3 idle, 4 processing, 5 stopped), `printer-is-accepting-jobs`, `printer-state-reasons`.
    private static func state(of destination: cups_dest_t) -> PrinterState {
        let reasons = option("printer-state-reasons", of: destination) ?? ""
        if option("printer-state", of: destination) == "5"
            || option("printer-is-accepting-jobs", of: destination) == "false"
        {
            return .stopped
        }
        if reasons.contains("offline") { return .offline }
        if reasons.split(separator: ",").contains(where: { $0.hasSuffix("-error") }) { return .error }
        return option("printer-state", of: destination) == "4" ? .busy : .online
    }

    /// Why the printer cannot take a job now, or nil.
    static func refusal(of printer: String) -> String? {
        withDestinations { destinations in
            guard
                let destination = destinations.first(where: {
                    String(cString: $0.name) == printer && $0.instance == nil
                })
            else { return "no printer named \(printer)" }
            if option("printer-state", of: destination) == "5" {
                return withMessage("printer stopped", of: printer)
            }
            if option("printer-is-accepting-jobs", of: destination) == "false" {
                return withMessage("printer not accepting jobs", of: printer)
            }
            return nil
        }
    }

    /// `reason`, with the printer's own message after it when it has one.
    static func withMessage(_ reason: String, of printer: String) -> String {
        guard let message = stateMessage(of: printer) else { return reason }
        return "\(reason): \(message)"
    }

    /// The printer's `printer-state-message` (what `cupsdisable -r` or the printer said), asked of cupsd:
    /// the destination list does not carry it.
    private static func stateMessage(of printer: String) -> String? {
        guard let request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES) else { return nil }
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nil, "ipp://localhost/printers/\(printer)")
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nil, "printer-state-message")
        guard let response = cupsDoRequest(nil, request, "/") else { return nil }
        defer { ippDelete(response) }
        guard let attribute = ippFindAttribute(response, "printer-state-message", IPP_TAG_TEXT),
            let text = ippGetString(attribute, 0, nil)
        else { return nil }
        let message = String(cString: text)
        return message.isEmpty ? nil : message
    }
}
