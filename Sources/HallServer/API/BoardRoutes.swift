import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// The display board: `GET /api/v1/board` (recent calls), `GET /api/v1/board/events`,
/// a server-sent-event stream of calls (`event: call`, JSON data with ticket, window and the
/// announcement), and `GET /api/v1/board/announcements/{sequence}.wav`, the call said aloud.
///
/// A board that reconnects with `Last-Event-ID` gets the calls it missed (from the recent
/// ones kept in memory). A comment line every 15 s keeps proxies from closing an idle stream
/// and lets the hall notice a board that went away. The stream ends on graceful shutdown so
/// the daemon never waits on an open board.
struct BoardRoutes {
    let board: BoardBroadcaster
    let voice: AnnouncementVoice
    static let keepAliveInterval: Duration = .seconds(15)

    enum Frame: Sendable {
        case call(BoardCall)
        case keepAlive
    }

    func register(on routes: HallRoutes) {
        let router = routes.anyone  // a decision: all of these are public
        router.get("/api/v1/board") { _, _ in
            try JSONCoding.response(["calls": board.recent])
        }
        router.get("/api/v1/board/announcements/{sequence}.wav") { _, context in
            let sequence = try context.parameters.require("sequence", as: Int.self)
            guard let call = board.call(sequence: sequence) else {
                throw APIError.notFound("no recent call \(sequence): the board keeps the last \(board.recentLimit) calls")
            }
            do {
                let wav = try await voice.wav(for: call)
                return Response(status: .ok, headers: [.contentType: "audio/wav", .cacheControl: "public, max-age=86400"],
                                body: .init(byteBuffer: ByteBuffer(bytes: wav)))
            } catch AnnouncementVoice.Failure.unavailable {
                throw APIError(.serviceUnavailable, code: "speech_unavailable",
                               message: "the hall cannot speak: espeak-ng is not installed (Debian package espeak-ng)")
            } catch AnnouncementVoice.Failure.failed(let why) {
                throw APIError(.serviceUnavailable, code: "speech_failed", message: "the announcement could not be rendered: \(why)")
            }
        }
        router.get("/api/v1/board/events") { request, _ in
            let lastSeen = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { Int($0) }
            let board = board
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    let (frames, out) = AsyncStream<Frame>.makeStream(bufferingPolicy: .bufferingNewest(128))
                    let calls = board.subscribe()  // before the replay, so nothing falls in between
                    if let lastSeen { for call in board.recent where call.sequence > lastSeen { out.yield(.call(call)) } }
                    let forward = Task {
                        for await call in calls { out.yield(.call(call)) }
                        out.finish()
                    }
                    let keepAlive = Task {
                        while !Task.isCancelled {
                            try await Task.sleep(for: Self.keepAliveInterval)
                            out.yield(.keepAlive)
                        }
                    }
                    defer { forward.cancel(); keepAlive.cancel() }
                    let encoder = JSONCoding.encoder()
                    var sent = lastSeen ?? 0
                    try await writer.write(ByteBuffer(string: "retry: 3000\n: connected\n\n"))
                    try await withGracefulShutdownHandler {
                        for await frame in frames {
                            switch frame {
                            case .call(let call) where call.sequence > sent:
                                sent = call.sequence
                                let data = String(decoding: try encoder.encode(call), as: UTF8.self)
                                try await writer.write(ByteBuffer(string: "id: \(call.sequence)\nevent: call\ndata: \(data)\n\n"))
                            case .call:
                                continue
                            case .keepAlive:
                                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                            }
                        }
                    } onGracefulShutdown: {
                        out.finish()
                    }
                    try await writer.finish(nil)
                })
        }
    }
}
