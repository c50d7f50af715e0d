/// A counter of an account's changes that any instance can read: the sequence number of its newest event
/// (a job created or moved, a computer connected or gone, a printer's state). An open page compares it with
/// the one it was rendered at to know when to refresh.
struct AccountChanges: Sendable {
    let statements: any SQLStatements

    func latest(accountID: String) async throws -> Int {
        try await statements.readRow(
            SQL("SELECT COALESCE(MAX(seq), 0) AS seq FROM events WHERE account_id = ?", accountID)
        ) { row in try row.value("seq", as: Int.self) } ?? 0
    }
}
