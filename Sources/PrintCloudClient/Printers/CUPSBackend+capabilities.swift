import CCUPS
import Foundation
import PrintCloudProtocol

/// What a destination's dest info (its IPP attributes at cupsd) and its `.strings` say it can do, and the
/// names of its papers and trays. All of it on the calling thread, as every libcups call here.
extension CUPSBackend {
    static func capabilities(
        of destination: inout cups_dest_t, info: OpaquePointer, printer: String
    ) -> PrinterCapabilities {
        let colorModes = strings(supported: "print-color-mode", of: &destination, info: info)
        return PrinterCapabilities(
            color: colorModes.contains { $0 == "color" || $0 == "auto" && colorModes.count > 1 },
            duplex: strings(supported: "sides", of: &destination, info: info).contains { $0.hasPrefix("two-sided") },
            vocabulary: vocabulary(of: &destination, info: info, printer: printer),
            resolutions: resolutions(of: &destination, info: info),
            maxCopies: maxCopies(of: &destination, info: info),
            stateReasons: PrinterCapabilities.stateReasons(in: option("printer-state-reasons", of: destination) ?? ""))
    }

    /// The vocabulary of the printer named `printer`, for a job's options; nil when CUPS does not know it.
    static func vocabulary(ofPrinter printer: String) -> PrinterVocabulary? {
        guard let named = cupsGetNamedDest(nil, printer, nil) else { return nil }
        defer { cupsFreeDests(1, named) }
        var destination = named.pointee
        guard let info = cupsCopyDestInfo(nil, &destination) else { return nil }
        defer { cupsFreeDestInfo(info) }
        return vocabulary(of: &destination, info: info, printer: printer)
    }

    /// Papers are named by the PWG table's short name (`A4`, `Letter`, `Legal`: the `PageSize` names CUPS
    /// writes into the PPDs it makes), trays by the printer's own text (for a PPD queue its `InputSlot`
    /// text). Not `cupsLocalizeDestMedia`/`cupsLocalizeDestValue`: they answer in the client's locale
    /// ("Haupteinzug" under de_DE) and, under C, the locale of a service, with "210 x 297 mm" and the bare
    /// keyword; names an integration keys on must not change with the office computer's language.
    static func vocabulary(of destination: inout cups_dest_t, info: OpaquePointer, printer: String)
        -> PrinterVocabulary
    {
        let texts = strings(ofPrinter: printer)
        // custom_min_… and custom_max_… are the bounds of custom sizes, not papers one can ask for.
        let sizes = strings(supported: "media", of: &destination, info: info).filter {
            !$0.hasPrefix("custom_min_") && !$0.hasPrefix("custom_max_")
        }
        let papers = sizes.map { keyword in
            guard let media = pwgMediaForPWG(keyword) else {
                return PrinterVocabulary.Paper(name: texts.text(of: "media", value: keyword) ?? keyword, pwg: keyword)
            }
            return PrinterVocabulary.Paper(
                name: media.pointee.ppd.map { String(cString: $0) } ?? texts.text(of: "media", value: keyword)
                    ?? keyword,
                pwg: keyword, widthMillimetres: Double(media.pointee.width) / 100,
                heightMillimetres: Double(media.pointee.length) / 100)
        }
        let trays = strings(supported: "media-source", of: &destination, info: info).map { keyword in
            PrinterVocabulary.Tray(
                name: texts.text(of: "media-source", value: keyword) ?? PrinterVocabulary.words(forTray: keyword),
                keyword: keyword)
        }
        return PrinterVocabulary(papers: papers, trays: trays)
    }

    /// The printer's `.strings` when cupsd has one (a PPD queue's, written from the PPD), else none. A
    /// driverless printer's file is on the printer itself, which the client does not contact.
    static func strings(ofPrinter printer: String) -> PrinterStrings {
        guard let request = request(IPP_OP_GET_PRINTER_ATTRIBUTES, printer: printer, asking: ["printer-strings-uri"]),
            let response = cupsDoRequest(nil, request, "/")
        else { return PrinterStrings() }
        defer { ippDelete(response) }
        guard let attribute = ippFindAttribute(response, "printer-strings-uri", IPP_TAG_URI),
            let uri = ippGetString(attribute, 0, nil)
        else { return PrinterStrings() }
        var scheme = [CChar](repeating: 0, count: 32)
        var user = [CChar](repeating: 0, count: 256)
        var host = [CChar](repeating: 0, count: 256)
        var resource = [CChar](repeating: 0, count: 1024)
        var port: Int32 = 0
        let separated = httpSeparateURI(
            HTTP_URI_CODING_ALL, uri, &scheme, Int32(scheme.count), &user, Int32(user.count), &host,
            Int32(host.count), &port, &resource, Int32(resource.count))
        let path = String(decoding: resource.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // NB: over cupsd's domain socket the URI says http://localhost/ (port 80), so it is asked of the
        // cupsd we talk to, by path, rather than fetched from the address the URI names.
        guard separated.rawValue >= HTTP_URI_STATUS_OK.rawValue, path.hasPrefix("/strings/") else {
            return PrinterStrings()
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("printcloud-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        guard cupsGetFile(nil, path, file.path) == HTTP_STATUS_OK, let data = try? Data(contentsOf: file) else {
            return PrinterStrings()
        }
        return PrinterStrings(parsing: String(decoding: data, as: UTF8.self))
    }

    // MARK: - IPP attributes of the dest info

    private static func strings(supported option: String, of destination: inout cups_dest_t, info: OpaquePointer)
        -> [String]
    {
        guard let attribute = cupsFindDestSupported(nil, &destination, info, option) else { return [] }
        return (0..<ippGetCount(attribute)).compactMap {
            ippGetString(attribute, $0, nil).map { String(cString: $0) }
        }
    }

    /// `printer-resolution-supported` in the form CUPS' `printer-resolution` option takes.
    private static func resolutions(of destination: inout cups_dest_t, info: OpaquePointer) -> [String] {
        guard let attribute = cupsFindDestSupported(nil, &destination, info, "printer-resolution"),
            ippGetValueTag(attribute) == IPP_TAG_RESOLUTION
        else { return [] }
        return (0..<ippGetCount(attribute)).map { index in
            var vertical: Int32 = 0
            var units = IPP_RES_PER_INCH
            let horizontal = ippGetResolution(attribute, index, &vertical, &units)
            let unit = units == IPP_RES_PER_CM ? "dpcm" : "dpi"
            return horizontal == vertical ? "\(horizontal)\(unit)" : "\(horizontal)x\(vertical)\(unit)"
        }
    }

    /// The most copies one job may ask for: `copies-supported` is a range (`1-9999`), or one number.
    private static func maxCopies(of destination: inout cups_dest_t, info: OpaquePointer) -> Int? {
        guard let attribute = cupsFindDestSupported(nil, &destination, info, "copies"), ippGetCount(attribute) > 0
        else { return nil }
        switch ippGetValueTag(attribute) {
        case IPP_TAG_RANGE:
            var upper: Int32 = 0
            _ = ippGetRange(attribute, 0, &upper)
            return Int(upper)
        case IPP_TAG_INTEGER: return Int(ippGetInteger(attribute, 0))
        default: return nil
        }
    }
}
