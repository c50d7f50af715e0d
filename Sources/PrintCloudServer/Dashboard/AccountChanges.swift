/// A version of what an account's pages show that any instance can read: the sequence number of its newest
/// event (a job created or moved, a computer connected or gone, a printer's state) and how many printers it
/// has (a report adds or removes some without an event). An open page compares it with the one it was
/// rendered at to know when to refresh.
struct AccountChanges: Sendable {
    let statements: any SQLStatements

    func latest(accountID: String) async throws -> String {
        try await statements.readRow(
            SQL(
                """
                SELECT (SELECT COALESCE(MAX(seq), 0) FROM events WHERE account_id = ?) AS seq,
                    (SELECT COUNT(*) FROM printers WHERE account_id = ? AND removed_at IS NULL) AS printers
                """, accountID, accountID)
        ) { row in "\(try row.value("seq", as: Int.self))-\(try row.value("printers", as: Int.self))" } ?? ""
    }
}
