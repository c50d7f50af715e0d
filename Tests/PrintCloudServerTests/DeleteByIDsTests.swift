import Foundation
import HummingbirdTesting
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// One rule for `DELETE /api/printjobs/:ids` and `DELETE /api/computers/:ids` (API.md Part 2): ids that are
/// not the account's are skipped; none of them the account's is `404`.
@Suite(.timeLimit(.minutes(10))) struct DeleteByIDsTests {
    @Test(arguments: TestEngine.allCases, ["printjobs", "computers"])
    func idsNoneOfWhichIsTheAccountsAnswer404NamingEachId(_ engine: TestEngine, kind: String) async throws {
        try await withTestApp(engine) { app in
            let alice = try await app.makeAccount()
            let bob = try await app.makeAccount()
            let computer = try await TestComputer.online(app, account: alice)
            let job = try await app.createRawJob(printerID: computer.printerID, key: alice.fullKey)
            let alicesID = kind == "printjobs" ? job : computer.computerID

            let one = try await app.request(.delete, "/api/\(kind)/\(alicesID)", key: bob.fullKey)
            #expect(one.status == .notFound)
            #expect(try one.apiError().message.hasSuffix(" \(alicesID)"))
            let several = try await app.request(.delete, "/api/\(kind)/\(alicesID),x_unknown", key: bob.fullKey)
            #expect(several.status == .notFound)
            #expect(try several.apiError().message.hasSuffix(": \(alicesID), x_unknown"))
            #expect(try await app.request(.get, "/api/\(kind)/\(alicesID)", key: alice.fullKey).status == .ok)

            let mixed = try await app.request(.delete, "/api/\(kind)/x_unknown,\(alicesID)", key: alice.fullKey)
            #expect(mixed.status == .ok)
            #expect(try mixed.json([String].self) == [alicesID])
            try? await computer.socket.close()
        }
    }
}
