import Foundation
import Hummingbird
import PrintCloudProtocol

/// `/api/computers`: the account's computers, their printers, and removing computers.
struct ComputerRoutes {
    let computers: ComputerService
    let cluster: Cluster

    func register(on group: RouterGroup<AppRequestContext>) {
        group.on(method: .get, requires: .readOnly, use: list)
        group.on(":id", method: .get, requires: .readOnly, use: show)
        group.on(":id/printers", method: .get, requires: .readOnly, use: printers)
        group.on(":id", method: .delete, requires: .full, use: delete)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> [ComputerView] {
        try await computers.computers(accountID: context.principal().accountID)
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> ComputerView {
        try await computers.computer(id: context.parameters.require("id"), accountID: context.principal().accountID)
    }

    @Sendable func printers(request: Request, context: AppRequestContext) async throws -> [PrinterView] {
        try await computers.computer(id: context.parameters.require("id"), accountID: context.principal().accountID)
            .printers
    }

    /// `DELETE /api/computers/:ids` with comma-separated ids (the route shares `:id` with the GET routes); answers the ids deleted and closes their sockets.
    /// Job history stays.
    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> [String] {
        let ids = try context.commaSeparatedIDs(maximum: 100, naming: "computer")
        let deleted = try await computers.delete(ids: ids, accountID: context.principal().accountID)
        await cluster.disconnect(computerIDs: deleted, reason: "computer deleted")
        return deleted
    }
}

extension ComputerView: ResponseEncodable {}
extension PrinterView: ResponseEncodable {}
