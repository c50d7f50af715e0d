import Foundation
import PrintCloudProtocol

/// The option mapping of DESIGN.md ("Printing on the client"): API options to CUPS options.
public enum CUPSOptions {
    public static func mapped(_ options: PrintOptions, raw: Bool) -> [(name: String, value: String)] {
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
        if let paper = options.paper { mapped.append(("media", paper)) }
        if let tray = options.media {
            // A PPD queue drops media-source and takes its InputSlot choice (CUPS names them `Photo`, `Main`);
            // a driverless queue takes media-source. Sending both reaches either.
            mapped.append(("InputSlot", tray.prefix(1).uppercased() + tray.dropFirst()))
            mapped.append(("media-source", tray.lowercased()))
        }
        if let pages = options.pages { mapped.append(("page-ranges", pages.replacingOccurrences(of: " ", with: ""))) }
        if options.fitToPage == true { mapped.append(("print-scaling", "fit")) }
        return mapped
    }
}
