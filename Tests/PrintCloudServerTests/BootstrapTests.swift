import Foundation
import HummingbirdTesting
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

@Suite struct BootstrapTests {
    @Test(arguments: TestEngine.allCases)
    func firstStartCreatesOneUsableInitialAccount(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            let initial = try #require(try await app.accounts.createInitialAccountIfEmpty())
            #expect(initial.password.count >= 16)
            #expect(initial.key.record.permission == .full)
            #expect(try await app.request(.get, "/api/whoami", key: initial.key.key).status == .ok)
            let login = try await app.request(
                .post, "/api/client/login",
                json: #"{"email": "\#(initial.user.email)", "password": "\#(initial.password)"}"#)
            #expect(login.status == .ok)

            #expect(try await app.accounts.createInitialAccountIfEmpty() == nil)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func noInitialAccountWhenOneExists(_ engine: TestEngine) async throws {
        try await withTestApp(engine) { app in
            _ = try await app.makeAccount()
            #expect(try await app.accounts.createInitialAccountIfEmpty() == nil)
        }
    }
}
