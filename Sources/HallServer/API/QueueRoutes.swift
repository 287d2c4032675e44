import Foundation
import Hummingbird
import IntakeCore

/// `GET /api/v1/queues`: the hall's queues with today's counts.
struct QueueRoutes {
    let hall: HallInForce

    struct QueueView: Encodable {
        var queue: ServiceQueue
        var waiting: Int
        var issuedToday: Int
        var openWindows: [String]
    }

    func register(on routes: HallRoutes) {
        let router = routes.anyone  // a decision: all of these are public
        router.get("/api/v1/queues") { _, _ in
            let store = hall.store
            let day = store.calendar.serviceDay(of: hall.clock())
            let statuses = try await store.queueStatus(day: day)
            return try JSONCoding.response(["serviceDay": AnyEncodable(day), "queues": AnyEncodable(statuses.map {
                QueueView(queue: $0.queue, waiting: $0.waiting, issuedToday: $0.issuedToday,
                          openWindows: $0.openWindows)
            })])
        }
        router.get("/api/v1/hall") { _, _ in
            let layout = hall.layout
            return try JSONCoding.response(HallView(hallName: layout.hallName, timeZone: layout.timeZone, complaintPhone: layout.complaintPhone,
                                                        now: hall.clock(), clockSpeed: hall.clockSpeed))
        }
    }
}

/// The hall's name, zone and complaint line (omitted when it has none, never null), and its clock.
struct HallView: Encodable {
    var hallName: String
    var timeZone: String
    var complaintPhone: String?
    var now: Date
    var clockSpeed: Double
}

/// Wraps heterogeneous values for small response objects.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
