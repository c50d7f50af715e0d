/// What an API key may do (API.md Part 2, "Permissions").
public enum Permission: String, Codable, Sendable, CaseIterable, Comparable {
    /// GET endpoints only.
    case readOnly = "read_only"
    /// What `read_only` may do, plus creating print jobs.
    case printOnly = "print_only"
    /// Everything, including deletes, webhooks, keys and the desktop client's sign-in.
    case full

    private var rank: Int {
        switch self {
        case .readOnly: 0
        case .printOnly: 1
        case .full: 2
        }
    }

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rank < rhs.rank }

    /// Whether a key with this permission may call a route that requires `required`.
    public func allows(_ required: Permission) -> Bool { self >= required }
}
