import Hummingbird

/// `GET /healthz`: answers without authentication while the server runs.
struct HealthRoutes {
    struct Health: ResponseEncodable {
        var status = "ok"
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in Health() }
    }
}
