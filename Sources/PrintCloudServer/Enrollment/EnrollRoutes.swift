import Hummingbird
import PrintCloudProtocol

/// `POST /api/client/enroll`: an office computer exchanges an enrollment code for its own `full` key
/// (no API key, no password).
struct EnrollRoutes {
    let enrollment: EnrollmentService
    let bodyLimit: Int

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("enroll", use: enroll)
    }

    @Sendable func enroll(request: Request, context: AppRequestContext) async throws
        -> EditedResponse<ClientEnrollResponse>
    {
        let body = try await request.decodeJSON(ClientEnrollRequest.self, context: context, limit: bodyLimit)
        let key = try await enrollment.enroll(
            code: body.code, computerName: body.name ?? "", clientAddress: context.remoteAddress)
        return EditedResponse(
            status: .created,
            response: ClientEnrollResponse(apiKey: key.key, keyId: key.record.id, accountId: key.record.accountID))
    }
}

extension ClientEnrollResponse: ResponseEncodable {}
