/// The SQL engine a statement is rendered for.
enum SQLDialect: Sendable {
    case sqlite
    case postgres
}
