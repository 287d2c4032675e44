import Foundation
import Hummingbird
import NIOCore

/// `GET /api/v1/openapi.yaml`: the API as an OpenAPI 3.1 document, the contract a test
/// holds equal to the route table. Public: it describes, and holds no data.
struct APIDocumentRoutes {
    /// Where the document ships (`docs/openapi.yaml` in the repository links here).
    static var path: String { Bundle.module.bundlePath + "/api/openapi.yaml" }

    func register(on routes: HallRoutes) {
        let document = FileManager.default.contents(atPath: Self.path) ?? Data()
        routes.anyone.get("/api/v1/openapi.yaml") { _, _ in
            guard !document.isEmpty else { throw APIError(.notFound, code: "not_found", message: "the API document is not installed") }
            return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
    }
}
