/// Failures a store reports in its own words, the same for SQLite and PostgreSQL.
public enum StoreError: Error, Sendable, Equatable {
    /// A unique column already holds this value.
    case duplicate(String)
    /// The database URL or path cannot be used.
    case badLocation(String)
    /// A stored value the server cannot read (a column it never leaves NULL, a state it never writes):
    /// refused rather than read as a default, which would act on the wrong data.
    case corrupt(String)
}

extension StoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .duplicate(let field): "\(field) is already in use"
        case .badLocation(let reason): reason
        case .corrupt(let column): "unreadable stored value in \(column)"
        }
    }
}
