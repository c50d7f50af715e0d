/// The two engines the stores run on, where their SQL differs.
enum SQLDialect: Sendable {
    case sqlite
    case postgres
}
