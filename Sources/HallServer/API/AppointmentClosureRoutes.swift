import Foundation
import Hummingbird
import IntakeCore
import IntakeStore

/// A supervisor closes a day or hours for booking (R2; issue 14): the bookings there are
/// cancelled, each holder notified, and the answer lists them (masked) for the supervisor.
extension AppointmentRoutes {
    struct CloseRequest: Decodable {
        var date: String
        /// `HH:MM`; both left out closes the whole day.
        var from: String?
        var to: String?
        /// One item or bundle; left out closes every offer.
        var item: String?
        var reason: String
    }

    struct ClosureView: Encodable {
        var id: Int64
        var date: String
        var from: String?
        var to: String?
        var item: String?
        var reason: String

        init(_ stored: StoredClosure) {
            id = stored.id; date = stored.closure.day.description; item = stored.closure.offerID; reason = stored.closure.reason
            from = stored.closure.band.map { TimeBand.clock($0.start) }; to = stored.closure.band.map { TimeBand.clock($0.end) }
        }
    }

    struct ClosedAnswer: Encodable {
        var closure: ClosureView
        /// The bookings it cancelled, masked; each holder is sent a notice.
        var cancelled: [BookingView]
        var message: String
    }

    struct ReopenedAnswer: Encodable {
        var closure: ClosureView
        var message: String
    }

    func registerClosures(on routes: HallRoutes) {
        let supervisors = routes.staff(.supervisor)
        supervisors.post("/api/v1/appointments/closures", bodyLimit: 4 * 1024) { request, context in
            let staff = try context.staff()
            let body = try await JSONCoding.body(CloseRequest.self, of: request, context: context)
            guard let day = CivilDay(body.date) else { throw APIError.badRequest("\"date\" is YYYY-MM-DD") }
            let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...100).contains(reason.count) else { throw APIError.badRequest("\"reason\" says why, 1–100 characters (the holders are told)") }
            var band: TimeBand?
            if body.from != nil || body.to != nil {
                guard let b = TimeBand("\(body.from ?? "00:00")-\(body.to ?? "24:00")") else {
                    throw APIError.badRequest("\"from\" and \"to\" are HH:MM with from before to")
                }
                band = b
            }
            let (closure, cancelled) = try await mapped {
                try await bookings.close(day: day, band: band, offerID: body.item, reason: reason, by: staff.id)
            }
            let message = cancelled.isEmpty ? "已关闭预约，此时段没有预约被取消"
                : "已关闭预约，取消了 \(cancelled.count) 个预约，已通知每位预约人"
            return try JSONCoding.response(ClosedAnswer(closure: ClosureView(closure), cancelled: try cancelled.map(view), message: message),
                                           status: .created)
        }
        supervisors.get("/api/v1/appointments/closures") { request, _ in
            let p = request.uri.queryParameters
            let today = bookings.now.day
            guard let from = p.get("from").map(CivilDay.init) ?? today, let to = p.get("to").map(CivilDay.init) ?? from.adding(days: 31),
                  from <= to else { throw APIError.badRequest("give ?from= and ?to= as YYYY-MM-DD, from not after to") }
            let closures = try await mapped { try await bookings.closures(from: from, to: to) }
            return try JSONCoding.response(["closures": closures.map(ClosureView.init)])
        }
        supervisors.delete("/api/v1/appointments/closures/{id}") { _, context in
            let staff = try context.staff()
            guard let id = Int64(try context.parameters.require("id")) else { throw APIError.notFound("no such closure") }
            let reopened = try await mapped { try await bookings.reopen(closure: id, by: staff.id) }
            return try JSONCoding.response(ReopenedAnswer(
                closure: ClosureView(reopened),
                message: "已重新开放预约；因关闭而取消的预约仍为已取消，预约人需重新预约 (the bookings it cancelled stay cancelled)"))
        }
    }
}
