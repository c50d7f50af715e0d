/// What one printer calls its papers and trays, for people and for CUPS: reported as `media`, `bins`,
/// `papers` and `trays`, and used to turn a job's `paper` and `media` (tray) back into what CUPS takes.
/// Built from the printer's dest info (`CUPSBackend+capabilities.swift`); pure, so the mapping is tested
/// without a print system.
public struct PrinterVocabulary: Sendable, Equatable {
    /// A paper size the printer takes.
    public struct Paper: Sendable, Equatable {
        /// What people call it: `A4`, `Letter`.
        public var name: String
        /// The PWG self-describing name CUPS and IPP take: `iso_a4_210x297mm`.
        public var pwg: String
        /// The size, when the PWG name says it (a printer's own names may not).
        public var widthMillimetres: Double?
        public var heightMillimetres: Double?

        public init(name: String, pwg: String, widthMillimetres: Double? = nil, heightMillimetres: Double? = nil) {
            self.name = name
            self.pwg = pwg
            self.widthMillimetres = widthMillimetres
            self.heightMillimetres = heightMillimetres
        }
    }

    /// A tray (IPP `media-source`) the printer takes paper from.
    public struct Tray: Sendable, Equatable {
        /// What people call it: the PPD's `InputSlot` text (`Tray 1`), else the keyword in words.
        public var name: String
        /// The IPP keyword: `tray-1`.
        public var keyword: String

        public init(name: String, keyword: String) {
            self.name = name
            self.keyword = keyword
        }
    }

    public private(set) var papers: [Paper]
    public private(set) var trays: [Tray]

    /// Names must tell papers (and trays) apart, or a name sent back could not be mapped: a name already
    /// taken, or one that is another entry's keyword, gives way to the entry's own keyword.
    public init(papers: [Paper], trays: [Tray]) {
        self.papers = Self.distinct(papers, name: \.name, key: \.pwg)
        self.trays = Self.distinct(trays, name: \.name, key: \.keyword)
    }

    /// The PWG name of the paper called `name` (people's name or PWG name, any case), or nil when the
    /// printer has no such paper: the caller then passes `name` on as it is, for CUPS to decide.
    public func pwgName(ofPaper name: String) -> String? {
        Self.find(name, in: papers, name: \.name, key: \.pwg)?.pwg
    }

    /// The keyword of the tray called `name` (people's name or keyword, any case), or nil when unknown.
    public func keyword(ofTray name: String) -> String? {
        Self.find(name, in: trays, name: \.name, key: \.keyword)?.keyword
    }

    /// A tray keyword in words, for printers that give no text of their own: `tray-1` → `Tray 1`.
    public static func words(forTray keyword: String) -> String {
        keyword.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    /// The `InputSlot` choice CUPS writes into the PPDs it makes from IPP for a tray keyword: the words
    /// capitalised and run together (`tray-1` → `Tray1`, `large-capacity` → `LargeCapacity`).
    public static func inputSlot(forTray keyword: String) -> String {
        words(forTray: keyword).filter { $0 != " " }
    }

    private static func find<Entry>(
        _ name: String, in entries: [Entry], name entryName: KeyPath<Entry, String>, key: KeyPath<Entry, String>
    ) -> Entry? {
        let wanted = name.lowercased()
        // A keyword is exact; a people's name is matched without regard to case ("a4", "tray 1").
        return entries.first { $0[keyPath: key] == name }
            ?? entries.first { $0[keyPath: entryName].lowercased() == wanted }
            ?? entries.first { $0[keyPath: key].lowercased() == wanted }
    }

    private static func distinct<Entry>(
        _ entries: [Entry], name: WritableKeyPath<Entry, String>, key: KeyPath<Entry, String>
    ) -> [Entry] {
        let keys = Set(entries.map { $0[keyPath: key].lowercased() })
        var taken = Set<String>()
        return entries.map { entry in
            var entry = entry
            let lowered = entry[keyPath: name].lowercased()
            if taken.contains(lowered) || (keys.contains(lowered) && lowered != entry[keyPath: key].lowercased()) {
                entry[keyPath: name] = entry[keyPath: key]
            }
            taken.insert(entry[keyPath: name].lowercased())
            return entry
        }
    }
}
