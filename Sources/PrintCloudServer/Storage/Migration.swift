/// One numbered step of the schema, written for both engines. Never edit a step once it has landed;
/// add a new one.
struct Migration: Sendable {
    let number: Int
    let name: String
    /// Statements run in order, one per string (PostgreSQL's extended protocol takes one at a time).
    let sqlite: [String]
    let postgres: [String]

    var identifier: String { "\(number)-\(name)" }
}
