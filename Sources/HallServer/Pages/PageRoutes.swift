import Foundation
import Hummingbird
import NIOCore

/// Pages that are one static file for many URLs: the ticket status page behind each QR code.
struct PageRoutes {
    func register(on routes: HallRoutes) {
        let router = routes.anyone  // a decision: all of these are public
        router.get("/t/{id}") { _, _ in try page("ticket.html") }
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/kiosk.html"]) }
    }

    private func page(_ name: String) throws -> Response {
        let path = HallFiles.webRoot + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else { throw APIError.notFound("page \(name) is missing") }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
