import Foundation
import Hummingbird
import IntakeCore
import NIOCore
import ServiceLifecycle

/// `GET /api/v1/windows/{id}/review-events`: what the citizen-facing screen of a window
/// (`/rate.html?window=3`) needs to follow its keypad, as server-sent events:
/// `armed` (a service ended: please rate), `review` (the level pressed, and for a bad one the
/// review id to attach reasons to) and `ignored` (a press that made no review).
struct WindowReviewEvents {
    let hall: HallInForce
    let feed: ReviewFeed

    struct Armed: Encodable { var ticketNumber: String?; var itemName: String; var staffName: String?; var expiresAt: Date }
    struct Reviewed: Encodable {
        var id: String
        var level: Int
        var name: String
        var bad: Bool
        var dueDay: String?
    }
    struct Ignored: Encodable { var reason: String }

    func register(on routes: HallRoutes) {
        // Public: the citizen-facing screen of a window shows what this streams (no personal data).
        let router = routes.anyone
        router.get("/api/v1/windows/{id}/review-events") { _, context in
            let window = try context.parameters.require("id")
            guard hall.layout.window(window) != nil else { throw APIError.notFound("no window \"\(window)\"") }
            let events = feed.events()
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    let encoder = JSONCoding.encoder()
                    func send(_ name: String, _ value: some Encodable) async throws {
                        let data = String(decoding: try encoder.encode(value), as: UTF8.self)
                        try await writer.write(ByteBuffer(string: "event: \(name)\ndata: \(data)\n\n"))
                    }
                    let (frames, out) = AsyncStream<ReviewFeed.Event?>.makeStream(bufferingPolicy: .bufferingNewest(64))
                    let forward = Task {
                        for await event in events where event.window == window { out.yield(event) }
                        out.finish()
                    }
                    // A comment now and then: a screen that went away is noticed at the next write.
                    let keepAlive = Task {
                        while !Task.isCancelled {
                            try await Task.sleep(for: .seconds(15))
                            out.yield(nil)
                        }
                    }
                    defer { forward.cancel(); keepAlive.cancel() }
                    try await writer.write(ByteBuffer(string: "retry: 3000\n: connected\n\n"))
                    try await withGracefulShutdownHandler {
                        for await frame in frames {
                            guard let event = frame else {
                                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                                continue
                            }
                            if let armed = event.armed {
                                try await send("armed", Armed(ticketNumber: armed.subject.ticketNumber, itemName: armed.subject.itemName,
                                                              staffName: armed.subject.staffName, expiresAt: armed.expiresAt))
                            } else if let review = event.review {
                                try await send("review", Reviewed(id: review.id, level: review.level.rawValue, name: review.level.chineseName,
                                                                  bad: review.level.isBad, dueDay: event.task?.dueDay.description))
                            } else if let ignored = event.ignored {
                                try await send("ignored", Ignored(reason: ignored.rawValue))
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
