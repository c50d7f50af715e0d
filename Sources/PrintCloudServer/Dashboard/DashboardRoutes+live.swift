import Hummingbird
import ServiceLifecycle

/// `GET /dashboard/live`: server-sent events that tell an open page its account changed, so that it fetches
/// itself again and swaps in the parts marked `data-live`. Reading the change counter from the database
/// (rather than listening in this process) serves a page whatever instance made the change.
extension DashboardRoutes {
    /// How often a stream reads the counter.
    static let livePoll: Duration = .seconds(1)
    /// A stream ends after this and the browser reconnects (`retry`), so that each connection checks the
    /// session again and none holds a stopping server for long.
    static let liveLifetime: Duration = .seconds(60)

    @Sendable func live(request: Request, context: AppRequestContext) async throws -> Response {
        // The feed is not the person's activity: an open tab alone must not keep a session alive.
        guard let signedIn = try await signedIn(request, touching: false) else {
            return Response(status: .unauthorized, headers: [.cacheControl: "no-store"])
        }
        let accountID = signedIn.user.accountID
        let changes = self.changes
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                var sent: String?
                let end = ContinuousClock.now + Self.liveLifetime
                while ContinuousClock.now < end, !Task.isShuttingDownGracefully, !Task.isCancelled {
                    let latest = try await changes.latest(accountID: accountID)
                    if latest != sent {
                        try await writer.write(ByteBuffer(string: "data: \(latest)\n\n"))
                        sent = latest
                    }
                    try await Task.sleep(for: Self.livePoll)
                }
                try await writer.finish(nil)
            })
    }
}
