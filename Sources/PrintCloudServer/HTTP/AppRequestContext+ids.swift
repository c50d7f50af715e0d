import Foundation
import Hummingbird

extension AppRequestContext {
    /// The comma-separated ids of a path such as `DELETE /api/printjobs/pj_a,pj_b` (API.md's quirk).
    func commaSeparatedIDs(maximum: Int, naming kind: String) throws -> [String] {
        let ids = try parameters.require("id").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        guard !ids.isEmpty, ids.count <= maximum else {
            throw APIError(.badRequest, "ids: give 1 to \(maximum) \(kind) ids, separated by commas")
        }
        return ids
    }
}
