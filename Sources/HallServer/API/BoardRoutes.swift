import Foundation
import Hummingbird
import NIOCore

/// The display board: `GET /api/v1/board` (recent calls) and `GET /api/v1/board/events`,
/// a server-sent-event stream of calls (`event: call`, JSON data with ticket and window).
struct BoardRoutes {
    let hall: Hall

    func register(on router: some RouterMethods<BasicRequestContext>) {
        router.get("/api/v1/board") { _, _ in
            try JSONCoding.response(["calls": hall.board.recent])
        }
        router.get("/api/v1/board/events") { _, _ in
            let stream = hall.board.subscribe()
            let encoder = JSONCoding.encoder()
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "retry: 3000\n: connected\n\n"))
                    for await call in stream {
                        let data = String(decoding: try encoder.encode(call), as: UTF8.self)
                        try await writer.write(ByteBuffer(string: "id: \(call.sequence)\nevent: call\ndata: \(data)\n\n"))
                    }
                    try await writer.finish(nil)
                })
        }
    }
}
