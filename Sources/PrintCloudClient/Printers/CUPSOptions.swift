import Foundation
import PrintCloudProtocol

/// The option mapping of DESIGN.md ("Printing on the client"): API options to CUPS options.
public enum CUPSOptions {
    /// `vocabulary` is the printer's: with it a paper or tray given by people's name (`A4`, `Tray 1`)
    /// goes to CUPS as the PWG name or keyword it stands for. A name the printer does not know goes on
    /// as it came, for CUPS to take (a PPD size name such as `A4` is one) or refuse.
    public static func mapped(_ options: PrintOptions, raw: Bool, vocabulary: PrinterVocabulary? = nil)
        -> [(name: String, value: String)]
    {
        var mapped: [(String, String)] = []
        if raw { mapped.append(("raw", "true")) }
        if let copies = options.copies { mapped.append(("copies", String(copies))) }
        if let duplex = options.duplex {
            let sides =
                switch duplex {
                case .oneSided: "one-sided"
                case .longEdge: "two-sided-long-edge"
                case .shortEdge: "two-sided-short-edge"
                }
            mapped.append(("sides", sides))
        }
        if let color = options.color { mapped.append(("print-color-mode", color ? "color" : "monochrome")) }
        if let paper = options.paper { mapped.append(("media", vocabulary?.pwgName(ofPaper: paper) ?? paper)) }
        if let tray = options.media {
            // A PPD queue drops media-source and takes its InputSlot choice (CUPS names them `Photo`, `Main`);
            // a driverless queue takes media-source. Sending both reaches either.
            if let keyword = vocabulary?.keyword(ofTray: tray) {
                mapped.append(("InputSlot", PrinterVocabulary.inputSlot(forTray: keyword)))
                mapped.append(("media-source", keyword))
            } else {
                mapped.append(("InputSlot", tray.prefix(1).uppercased() + tray.dropFirst()))
                mapped.append(("media-source", tray.lowercased()))
            }
        }
        if let pages = options.pages { mapped.append(("page-ranges", pages.replacingOccurrences(of: " ", with: ""))) }
        if options.fitToPage == true { mapped.append(("print-scaling", "fit")) }
        return mapped
    }
}
