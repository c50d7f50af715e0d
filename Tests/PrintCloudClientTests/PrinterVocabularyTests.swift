import PrintCloudClient
import PrintCloudProtocol
import Testing

/// People's names for papers and trays, to CUPS' names and back, without a print system.
@Suite struct PrinterVocabularyTests {
    static let office = PrinterVocabulary(
        papers: [
            .init(name: "A4", pwg: "iso_a4_210x297mm", widthMillimetres: 210, heightMillimetres: 297),
            .init(name: "Letter", pwg: "na_letter_8.5x11in", widthMillimetres: 215.9, heightMillimetres: 279.4),
        ],
        trays: [.init(name: "Tray 1", keyword: "tray-1"), .init(name: "Manual", keyword: "manual")])

    @Test(arguments: [
        ("A4", "iso_a4_210x297mm"), ("a4", "iso_a4_210x297mm"), ("iso_a4_210x297mm", "iso_a4_210x297mm"),
        ("LETTER", "na_letter_8.5x11in"), ("na_letter_8.5x11in", "na_letter_8.5x11in"),
    ])
    func aPaperIsFoundByPeoplesNameOrPWGName(name: String, pwg: String) {
        #expect(Self.office.pwgName(ofPaper: name) == pwg)
    }

    @Test(arguments: [("Tray 1", "tray-1"), ("tray 1", "tray-1"), ("tray-1", "tray-1"), ("Manual", "manual")])
    func aTrayIsFoundByPeoplesNameOrKeyword(name: String, keyword: String) {
        #expect(Self.office.keyword(ofTray: name) == keyword)
    }

    @Test func namesThePrinterDoesNotHaveAreNotFound() {
        #expect(Self.office.pwgName(ofPaper: "Tabloid") == nil)
        #expect(Self.office.pwgName(ofPaper: "A4 ") == nil)
        #expect(Self.office.keyword(ofTray: "Tray 2") == nil)
    }

    @Test func aNameTwoEntriesShareOrAnotherEntrysKeywordGivesWayToTheKeyword() {
        let vocabulary = PrinterVocabulary(
            papers: [.init(name: "4x6", pwg: "na_index-4x6_4x6in"), .init(name: "4x6", pwg: "oe_4x6-photo_4x6in")],
            trays: [.init(name: "Main", keyword: "main"), .init(name: "main", keyword: "top")])
        #expect(vocabulary.papers.map(\.name) == ["4x6", "oe_4x6-photo_4x6in"])
        #expect(vocabulary.trays.map(\.name) == ["Main", "top"])
        #expect(vocabulary.pwgName(ofPaper: "4x6") == "na_index-4x6_4x6in")
        #expect(vocabulary.keyword(ofTray: "main") == "main")
        #expect(vocabulary.keyword(ofTray: "top") == "top")
    }

    @Test func aTrayKeywordIsPutInWordsAndAsCUPSNamesItsInputSlot() {
        #expect(PrinterVocabulary.words(forTray: "tray-1") == "Tray 1")
        #expect(PrinterVocabulary.words(forTray: "large-capacity") == "Large Capacity")
        #expect(PrinterVocabulary.inputSlot(forTray: "tray-1") == "Tray1")
        #expect(PrinterVocabulary.inputSlot(forTray: "photo") == "Photo")
    }

    @Test func peoplesNamesGoToCUPSAsThePWGNameAndTheTrayKeyword() {
        let mapped = Dictionary(
            uniqueKeysWithValues: CUPSOptions.mapped(
                PrintOptions(paper: "A4", media: "Tray 1"), raw: false, vocabulary: Self.office
            ).map { ($0.name, $0.value) })
        #expect(mapped == ["media": "iso_a4_210x297mm", "InputSlot": "Tray1", "media-source": "tray-1"])
    }

    @Test func aPaperOrTrayThePrinterDoesNotHaveGoesOnAsBefore() {
        let options = PrintOptions(paper: "Tabloid", media: "side-door")
        let withVocabulary = CUPSOptions.mapped(options, raw: false, vocabulary: Self.office)
        let without = CUPSOptions.mapped(options, raw: false)
        #expect(withVocabulary.map(\.name) == without.map(\.name))
        #expect(withVocabulary.map(\.value) == without.map(\.value))
        #expect(without.map(\.value) == ["Tabloid", "Side-door", "side-door"])
    }
}

/// What the client reports in `capabilities`, and the texts it reads from a printer's `.strings`.
@Suite struct PrinterCapabilitiesTests {
    @Test func capabilitiesHaveThePublishedFieldsAndOurs() {
        let capabilities = PrinterCapabilities(
            color: true, duplex: false, vocabulary: PrinterVocabularyTests.office,
            resolutions: ["300dpi", "600x300dpi"],
            maxCopies: 999, stateReasons: ["media-empty-error"])
        #expect(
            capabilities.json == [
                "color": .bool(true), "duplex": .bool(false),
                "media": .array([.string("A4"), .string("Letter")]),
                "bins": .array([.string("Tray 1"), .string("Manual")]),
                "papers": .array([
                    .object([
                        "name": .string("A4"), "pwg": .string("iso_a4_210x297mm"), "widthMm": .number(210),
                        "heightMm": .number(297),
                    ]),
                    .object([
                        "name": .string("Letter"), "pwg": .string("na_letter_8.5x11in"), "widthMm": .number(215.9),
                        "heightMm": .number(279.4),
                    ]),
                ]),
                "trays": .array([
                    .object(["name": .string("Tray 1"), "keyword": .string("tray-1")]),
                    .object(["name": .string("Manual"), "keyword": .string("manual")]),
                ]),
                "resolutions": .array([.string("300dpi"), .string("600x300dpi")]), "maxCopies": .number(999),
                "stateReasons": .array([.string("media-empty-error")]),
            ])
    }

    @Test func aPaperOfUnknownSizeHasNoSizeAndNoMaximumMeansNoMaxCopies() {
        let capabilities = PrinterCapabilities(
            color: false, duplex: false,
            vocabulary: PrinterVocabulary(papers: [.init(name: "Label 4x6", pwg: "label-4x6")], trays: []))
        #expect(
            capabilities.json["papers"]
                == .array([.object(["name": .string("Label 4x6"), "pwg": .string("label-4x6")])]))
        #expect(capabilities.json["maxCopies"] == nil)
    }

    @Test(arguments: [
        ("none", []), ("", []), ("media-empty-error", ["media-empty-error"]),
        ("media-empty-error,toner-low-warning", ["media-empty-error", "toner-low-warning"]),
        ("paused, none", ["paused"]),
    ])
    func stateReasonsLeaveOutNone(text: String, reasons: [String]) {
        #expect(PrinterCapabilities.stateReasons(in: text) == reasons)
    }

    @Test func aPrintersStringsAreReadWithEscapesAndComments() {
        let strings = PrinterStrings(
            parsing: #"""
                /* Written by cupsd */
                "media-source.tray-1" = "Tray 1";
                "media-source.by-pass-tray" = "Bypass \"MP\" tray";
                "media-source.empty" = "";
                "preset-name.a\\b" = "x";
                """#)
        #expect(strings.text(of: "media-source", value: "tray-1") == "Tray 1")
        #expect(strings.text(of: "media-source", value: "by-pass-tray") == #"Bypass "MP" tray"#)
        #expect(strings.text(of: "media-source", value: "empty") == nil)
        #expect(strings.text(of: "preset-name", value: #"a\b"#) == "x")
        #expect(strings.text(of: "media-source", value: "manual") == nil)
    }

    @Test func stringsThatDoNotParseEndTheReadingWithoutFailing() {
        let strings = PrinterStrings(parsing: "\"media-source.main\" = \"Main\";\n<html>404</html>\n\"a.b\" = \"c\";")
        #expect(strings.texts == ["media-source.main": "Main"])
        #expect(PrinterStrings(parsing: "\"unterminated = ").texts.isEmpty)
    }
}
