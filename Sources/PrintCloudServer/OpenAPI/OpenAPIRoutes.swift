import Hummingbird

/// `GET /api/openapi.json` and `GET /docs`: the API's contract for machines and for people. Both without
/// authentication or rate limit: a client generator or a reader has no key yet.
struct OpenAPIRoutes {
    let document: OpenAPIDocument
    /// Rendered once: the document never changes while the server runs.
    let page: String

    init(document: OpenAPIDocument) {
        self.document = document
        self.page = APIReferencePage(document: document.json).html
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("api/openapi.json") { [document] _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: document.data)))
        }
        router.get("docs") { [page] _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }
}
