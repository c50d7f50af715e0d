/// A print job's state. States only move forward: `pending → sent → printing → completed | error`.
public enum JobState: String, Codable, Sendable, CaseIterable {
    /// Created, waiting for its computer.
    case pending
    /// Pushed to the desktop client.
    case sent
    /// The client handed it to the printer.
    case printing
    case completed
    case error

    private var rank: Int {
        switch self {
        case .pending: 0
        case .sent: 1
        case .printing: 2
        case .completed, .error: 3
        }
    }

    /// Whether the job is done, one way or the other.
    public var isFinished: Bool { rank == 3 }

    /// Whether a job in this state may move to `next`: forward only, never out of a finished state.
    public func canMove(to next: JobState) -> Bool { next.rank > rank }
}

/// How a job's document is given: a URI to download, or the bytes in base64; PDF or raw printer language.
public enum ContentType: String, Codable, Sendable, CaseIterable {
    case pdfURI = "pdf_uri"
    case pdfBase64 = "pdf_base64"
    case rawURI = "raw_uri"
    case rawBase64 = "raw_base64"

    public var isURI: Bool { self == .pdfURI || self == .rawURI }
    public var isRaw: Bool { self == .rawURI || self == .rawBase64 }

    /// The same kind of document, given as a URI.
    public var asURI: ContentType { isRaw ? .rawURI : .pdfURI }
}
