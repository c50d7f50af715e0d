/// API.md's rule for `DELETE` with a list of ids, for every kind of object: ids that are not the account's
/// (another account's, or none at all) are skipped; if none of them is the account's, not found.
func requireSomeDeleted<Deleted>(_ deleted: [Deleted], of ids: [String], kind: String) throws -> [Deleted] {
    guard deleted.isEmpty else { return deleted }
    if ids.count == 1 { throw ServiceError.notFound("No \(kind) \(ids[0])") }
    throw ServiceError.notFound("None of these is a \(kind) of this account: \(ids.joined(separator: ", "))")
}
