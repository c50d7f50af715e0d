import Foundation
import Hummingbird
import PrintCloudProtocol

/// `/api/account/enrollment-codes`: make, list and revoke the account's enrollment codes.
struct EnrollmentCodeRoutes {
    let enrollment: EnrollmentService
    let bodyLimit: Int

    struct CreateRequest: Decodable {
        var description: String?
        /// Seconds until the code expires.
        var expireAfter: JSONInteger?
    }

    /// `201` answer: the only time the code is shown.
    struct CreatedCode: ResponseEncodable {
        var id: String
        var code: String
        var description: String
        var createdAt: Date
        var expiresAt: Date
    }

    /// A listed code: never the code itself.
    struct ListedCode: ResponseEncodable {
        var id: String
        var description: String
        var state: String
        var createdAt: Date
        var expiresAt: Date
        var usedAt: Date?
        /// The key the code was exchanged for.
        var keyId: String?
    }

    struct RevokedCode: ResponseEncodable {
        var id: String
        var revoked: Bool
    }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.on(method: .post, requires: .full, use: create)
        group.on(method: .get, requires: .readOnly, use: list)
        group.on(":id", method: .delete, requires: .full, use: revoke)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<CreatedCode> {
        let principal = try context.principal()
        let body = try await request.decodeJSON(CreateRequest.self, context: context, limit: bodyLimit)
        let issued = try await enrollment.create(
            accountID: principal.accountID, description: body.description ?? "", expireAfter: body.expireAfter?.value)
        let record = issued.record
        return EditedResponse(
            status: .created,
            response: CreatedCode(
                id: record.id, code: issued.code, description: record.description, createdAt: record.createdAt,
                expiresAt: record.expiresAt))
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> [ListedCode] {
        try await enrollment.codes(accountID: context.principal().accountID).map { code, state in
            ListedCode(
                id: code.id, description: code.description, state: state, createdAt: code.createdAt,
                expiresAt: code.expiresAt, usedAt: code.usedAt, keyId: code.keyID)
        }
    }

    @Sendable func revoke(request: Request, context: AppRequestContext) async throws -> RevokedCode {
        let id = try context.parameters.require("id")
        try await enrollment.revoke(id: id, accountID: context.principal().accountID)
        return RevokedCode(id: id, revoked: true)
    }
}
