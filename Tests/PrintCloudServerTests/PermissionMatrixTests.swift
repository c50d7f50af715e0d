import HTTPTypes
import HummingbirdTesting
import PrintCloudProtocol
import PrintCloudTestSupport
import Testing

@testable import PrintCloudServer

/// Every endpoint so far against every permission (API.md Part 2, "Permissions").
@Suite struct PermissionMatrixTests {
    struct Endpoint: Sendable, CustomTestStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        let json: String?
        let requires: Permission
        /// The status when the permission is sufficient.
        let allowedStatus: HTTPResponse.Status

        var testDescription: String { "\(method) \(path)" }
    }

    /// An endpoint called with a key of one permission: one argument, since a test takes at most two collections.
    struct Access: Sendable, CustomTestStringConvertible {
        let endpoint: Endpoint
        let permission: Permission

        var testDescription: String { "\(endpoint.testDescription) with \(permission.rawValue)" }
    }

    static let endpoints: [Endpoint] = [
        Endpoint(method: .get, path: "/api/whoami", json: nil, requires: .readOnly, allowedStatus: .ok),
        Endpoint(method: .get, path: "/api/account/apikeys", json: nil, requires: .readOnly, allowedStatus: .ok),
        Endpoint(method: .post, path: "/api/account/apikeys", json: "{}", requires: .full, allowedStatus: .created),
        Endpoint(
            method: .delete, path: "/api/account/apikeys/key_unknown", json: nil, requires: .full,
            allowedStatus: .notFound),
        Endpoint(
            method: .get, path: "/api/account/enrollment-codes", json: nil, requires: .readOnly, allowedStatus: .ok),
        Endpoint(
            method: .post, path: "/api/account/enrollment-codes", json: "{}", requires: .full,
            allowedStatus: .created),
        Endpoint(
            method: .delete, path: "/api/account/enrollment-codes/enc_unknown", json: nil, requires: .full,
            allowedStatus: .notFound),
        Endpoint(method: .get, path: "/api/computers", json: nil, requires: .readOnly, allowedStatus: .ok),
        Endpoint(method: .get, path: "/api/computers/cmp_x", json: nil, requires: .readOnly, allowedStatus: .notFound),
        Endpoint(
            method: .get, path: "/api/computers/cmp_x/printers", json: nil, requires: .readOnly,
            allowedStatus: .notFound),
        Endpoint(method: .delete, path: "/api/computers/cmp_x", json: nil, requires: .full, allowedStatus: .notFound),
        Endpoint(method: .get, path: "/api/printers", json: nil, requires: .readOnly, allowedStatus: .ok),
        Endpoint(method: .get, path: "/api/printers/prn_x", json: nil, requires: .readOnly, allowedStatus: .notFound),
        Endpoint(
            method: .post, path: "/api/printjobs",
            json: #"{"printerId": "prn_x", "contentType": "raw_base64", "content": "QQ=="}"#, requires: .printOnly,
            allowedStatus: .notFound),
        Endpoint(method: .get, path: "/api/printjobs", json: nil, requires: .readOnly, allowedStatus: .ok),
        Endpoint(method: .get, path: "/api/printjobs/pj_x", json: nil, requires: .readOnly, allowedStatus: .notFound),
        Endpoint(
            method: .get, path: "/api/printjobs/pj_x/content", json: nil, requires: .readOnly, allowedStatus: .notFound),
        Endpoint(method: .delete, path: "/api/printjobs/pj_x", json: nil, requires: .full, allowedStatus: .notFound),
        Endpoint(
            method: .post, path: "/api/webhooks", json: #"{"url": "https://example.com/h", "events": ["all"]}"#,
            requires: .full, allowedStatus: .created),
        Endpoint(method: .get, path: "/api/webhooks", json: nil, requires: .readOnly, allowedStatus: .ok),
        Endpoint(method: .get, path: "/api/webhooks/wh_x", json: nil, requires: .readOnly, allowedStatus: .notFound),
        Endpoint(method: .patch, path: "/api/webhooks/wh_x", json: "{}", requires: .full, allowedStatus: .notFound),
        Endpoint(method: .delete, path: "/api/webhooks/wh_x", json: nil, requires: .full, allowedStatus: .notFound),
        Endpoint(
            method: .get, path: "/api/webhooks/wh_x/deliveries", json: nil, requires: .readOnly,
            allowedStatus: .notFound),
        Endpoint(method: .post, path: "/api/webhooks/wh_x/test", json: nil, requires: .full, allowedStatus: .notFound),
    ]

    static let accesses = endpoints.flatMap { endpoint in
        Permission.allCases.map { Access(endpoint: endpoint, permission: $0) }
    }

    @Test(arguments: TestEngine.allCases, accesses)
    func permissionIsEnforced(_ engine: TestEngine, access: Access) async throws {
        let (endpoint, permission) = (access.endpoint, access.permission)
        try await withTestApp(engine) { app in
            let account = try await app.makeAccount()
            let response = try await app.request(
                endpoint.method, endpoint.path, key: account.keys[permission], json: endpoint.json)
            if permission.allows(endpoint.requires) {
                #expect(response.status == endpoint.allowedStatus)
            } else {
                #expect(response.status == .forbidden)
                #expect(try response.apiError().code == "Forbidden")
                #expect(try await app.accounts.keys(accountID: account.accountID).count == 3)
            }
        }
    }

    @Test(arguments: TestEngine.allCases, endpoints)
    func everyEndpointNeedsAKey(_ engine: TestEngine, endpoint: Endpoint) async throws {
        try await withTestApp(engine) { app in
            let response = try await app.request(endpoint.method, endpoint.path, json: endpoint.json)
            #expect(response.status == .unauthorized)
        }
    }

    // No database involved, so nothing to run per engine.
    @Test func permissionOrder() {
        #expect(Permission.full.allows(.printOnly))
        #expect(Permission.printOnly.allows(.readOnly))
        #expect(!Permission.printOnly.allows(.full))
        #expect(!Permission.readOnly.allows(.printOnly))
    }
}
