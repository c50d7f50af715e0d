import CCUPS
import Foundation
import NIOPosix
import PrintCloudProtocol

/// `PrinterBackend` over libcups. libcups blocks, and keeps its last error per thread, so every call runs
/// whole on one thread of NIO's pool, off Swift's cooperative pool. `CUPS_SERVER` picks the cupsd.
/// Handing jobs over and asking about them is in `CUPSBackend+jobs.swift`; capabilities, and the names
/// of papers and trays, in `CUPSBackend+capabilities.swift`.
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

    private static func withDestinations<T>(_ body: ([cups_dest_t]) -> T) -> T {
        var destinations: UnsafeMutablePointer<cups_dest_t>?
        let count = cupsGetDests2(nil, &destinations)
        defer { cupsFreeDests(count, destinations) }
        guard count > 0, let destinations else { return body([]) }
        return body(Array(UnsafeBufferPointer(start: destinations, count: Int(count))))
    }

    static func option(_ name: String, of destination: cups_dest_t) -> String? {
        cupsGetOption(name, destination.num_options, destination.options).map { String(cString: $0) }
    }

    private static func report(for destination: inout cups_dest_t, name: String) -> PrinterReport {
        var capabilities: [String: JSONValue] = [:]
        if let info = cupsCopyDestInfo(nil, &destination) {
            defer { cupsFreeDestInfo(info) }
            capabilities = Self.capabilities(of: &destination, info: info, printer: name).json
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

    /// Why the printer cannot take a job now, or nil. Asked of cupsd for the one printer: the destination
    /// list (`cupsGetDests2`) takes a quarter of a second here, which would cost every job that much.
    static func refusal(of printer: String) -> String? {
        guard
            let request = request(
                IPP_OP_GET_PRINTER_ATTRIBUTES, printer: printer,
                asking: ["printer-state", "printer-is-accepting-jobs", "printer-state-message"])
        else { return nil }
        let response = cupsDoRequest(nil, request, "/")
        defer { ippDelete(response) }
        if cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND { return "no printer named \(printer)" }
        // Unanswered, CUPS itself says why when the job is created.
        guard let response else { return nil }
        let reason: String
        if let state = ippFindAttribute(response, "printer-state", IPP_TAG_ENUM),
            ippGetInteger(state, 0) == Int32(IPP_PSTATE_STOPPED.rawValue)
        {
            reason = "printer stopped"
        } else if let accepting = ippFindAttribute(response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN),
            ippGetBoolean(accepting, 0) == 0
        {
            reason = "printer not accepting jobs"
        } else {
            return nil
        }
        return stateMessage(in: response).map { "\(reason): \($0)" } ?? reason
    }

    /// `reason`, with the printer's own message after it when it has one.
    static func withMessage(_ reason: String, of printer: String) -> String {
        guard let request = request(IPP_OP_GET_PRINTER_ATTRIBUTES, printer: printer, asking: ["printer-state-message"])
        else { return reason }
        guard let response = cupsDoRequest(nil, request, "/") else { return reason }
        defer { ippDelete(response) }
        return stateMessage(in: response).map { "\(reason): \($0)" } ?? reason
    }

    /// The printer's `printer-state-message` (what `cupsdisable -r` or the printer said), if not empty.
    private static func stateMessage(in response: OpaquePointer) -> String? {
        guard let attribute = ippFindAttribute(response, "printer-state-message", IPP_TAG_TEXT),
            let text = ippGetString(attribute, 0, nil)
        else { return nil }
        let message = String(cString: text)
        return message.isEmpty ? nil : message
    }

    /// An IPP request about `printer` asking for the attributes `names`; nil when libcups is out of memory.
    static func request(_ operation: ipp_op_t, printer: String, asking names: [String]) -> OpaquePointer? {
        guard let request = ippNewRequest(operation) else { return nil }
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nil, "ipp://localhost/printers/\(printer)")
        let copies = names.map { UnsafePointer(strdup($0)) }
        defer { copies.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        ippAddStrings(
            request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", Int32(copies.count), nil, copies)
        return request
    }
}
