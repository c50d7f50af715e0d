import Hummingbird

/// `GET /healthz`, liveness: answers while the server runs. `GET /readyz`, readiness: `503` while the
/// database does not answer or the instance is shutting down, so a balancer sends its traffic elsewhere.
struct HealthRoutes {
    struct Health: ResponseEncodable {
        var status = "ok"
    }

    let readiness: Readiness

    func register(on router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in Health() }
        router.get("readyz") { [readiness] _, _ in try await Self.readiness(readiness) }
    }

    static func readiness(_ readiness: Readiness) async throws -> Health {
        if let problem = await readiness.problem() {
            throw APIError(.serviceUnavailable, "Not ready: \(problem)")
        }
        return Health()
    }
}
