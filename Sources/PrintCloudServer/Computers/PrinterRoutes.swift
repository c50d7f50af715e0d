import Hummingbird
import PrintCloudProtocol

/// `/api/printers`: every printer across the account's computers.
struct PrinterRoutes {
    let computers: ComputerService

    func register(on group: RouterGroup<AppRequestContext>) {
        group.on(method: .get, requires: .readOnly, use: list)
        group.on(":id", method: .get, requires: .readOnly, use: show)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> [PrinterView] {
        try await computers.printers(accountID: context.principal().accountID)
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> PrinterView {
        try await computers.printer(id: context.parameters.require("id"), accountID: context.principal().accountID)
    }
}
