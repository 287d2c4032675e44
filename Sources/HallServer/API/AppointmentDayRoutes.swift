import Foundation
import Hummingbird
import IntakeCore
import IntakeStore

/// The supervisor's day of appointments (R2; seed 004 §8.2; issue 14 "the supervisor's day
/// view: bookings per slot, checked in, no-shows, and closed hours"), and the bookings of a
/// period as CSV for `onevisit appointments export`. Personal data is masked by an allow-list
/// of fields; the export in full is asked for explicitly and audited.
struct AppointmentDayRoutes {
    let bookings: AppointmentService
    let accounts: StaffAccounts

    struct Closure: Encodable {
        var id: Int64
        /// `HH:MM` hall time; nil (null) for a whole day.
        var from: String?
        var to: String?
        /// The item or bundle closed; nil (null) for every offer.
        var item: String?
        var reason: String

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(from, forKey: .from); try c.encode(to, forKey: .to)
            try c.encode(item, forKey: .item); try c.encode(reason, forKey: .reason)
        }

        enum CodingKeys: String, CodingKey { case id, from, to, item, reason }
    }

    struct Slot: Encodable {
        var item: String
        var itemName: String
        var start: Date
        var end: Date
        var capacity: Int
        /// Active bookings holding a place, as the slots route counts them.
        var booked = 0
        var checkedIn = 0
        var noShows = 0
        var cancelled = 0
    }

    /// One booking, masked: the allow-list of what the day view shows.
    struct DayBooking: Encodable {
        var code: String
        var item: String
        var itemName: String
        var start: Date
        var state: BookingState
        var maskedName: String
        var maskedIDNumber: String
        var checkedInAt: Date?
    }

    struct Day: Encodable {
        var date: String
        var closures: [Closure]
        var slots: [Slot]
        var bookings: [DayBooking]
    }

    func register(on routes: HallRoutes) {
        // Supervisors: the day names (masked) every holder of every offer.
        routes.staff(.supervisor).get("/api/v1/appointments/day") { request, _ in
            guard let date = request.uri.queryParameters.get("date"), let day = CivilDay(date) else {
                throw APIError.badRequest("give ?date=YYYY-MM-DD")
            }
            return try JSONCoding.response(try await self.day(day))
        }
        routes.staff(.supervisor).get("/api/v1/appointments/export") { request, context in
            let p = request.uri.queryParameters
            let today = bookings.now.day
            let first = try request.queryDay("from") ?? today
            let last = try request.queryDay("to") ?? first
            guard first <= last, last.ordinal - first.ordinal < 366 else {
                throw APIError.badRequest("\"from\" must not be after \"to\", and the period at most 366 days")
            }
            let full = p.get("full") == "true"
            let list = try await mapped { try await bookings.store.bookings(from: first, through: last) }
            if full {
                // A full export that cannot be audited is not answered.
                try await accounts.audit(try context.staff(), caseNumber: nil, what: "appointments export in full",
                                         detail: "\(first)…\(last), \(list.count) bookings")
            }
            let name = "appointments-\(first)-\(last)\(full ? "-full" : "").csv"
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"\(name)\""],
                            body: .init(byteBuffer: ByteBuffer(string: csv(list, full: full))))
        }
    }

    func day(_ day: CivilDay) async throws -> Day {
        let list = try await mapped { try await bookings.store.bookings(on: day) }
        let closures = try await mapped { try await bookings.store.closures(from: day, to: day) }
        let calendar = bookings.hall.layout.workingCalendar
        var slots: [Slot] = []
        var index: [String: Int] = [:]  // "offer slot" → its place in `slots`
        func key(_ offer: String, _ band: TimeBand) -> String { offer + " " + band.description }
        for offer in bookings.settings.offers {
            // Closed slots stay listed: their cancelled bookings are counted in them.
            for band in SlotSchedule.slots(of: offer, on: day, calendar: calendar) {
                index[key(offer.id, band)] = slots.count
                slots.append(slot(offer.id, band, on: day, capacity: offer.capacity))
            }
        }
        for booking in list {
            // A slot no longer in the layout still shows what was booked in it.
            let at = index[key(booking.offerID, booking.slot)] ?? {
                index[key(booking.offerID, booking.slot)] = slots.count
                slots.append(slot(booking.offerID, booking.slot, on: day, capacity: bookings.settings.offer(booking.offerID)?.capacity ?? 0))
                return slots.count - 1
            }()
            switch booking.state {
            case .booked: slots[at].booked += 1
            case .checkedIn: slots[at].checkedIn += 1
            case .noShow: slots[at].noShows += 1
            case .cancelled: slots[at].cancelled += 1
            }
        }
        let masked = list.map { b in
            let applicant = b.applicant
            return DayBooking(code: b.code, item: b.offerID, itemName: name(b.offerID), start: bookings.instant(of: b.start), state: b.state,
                              maskedName: applicant.maskedName, maskedIDNumber: applicant.maskedNumber,
                              checkedInAt: b.state == .checkedIn ? b.changedAt : nil)
        }
        let closed = closures.map { c in
            Closure(id: c.id, from: c.closure.band.map { TimeBand.clock($0.start) }, to: c.closure.band.map { TimeBand.clock($0.end) },
                    item: c.closure.offerID, reason: c.closure.reason)
        }
        return Day(date: day.description, closures: closed, slots: slots, bookings: masked)
    }

    private func slot(_ offerID: String, _ band: TimeBand, on day: CivilDay, capacity: Int) -> Slot {
        Slot(item: offerID, itemName: name(offerID), start: bookings.instant(of: HallTime(day: day, minute: band.start)),
             end: bookings.instant(of: HallTime(day: day, minute: band.end)), capacity: capacity)
    }

    private func name(_ offerID: String) -> String { (try? bookings.offer(offerID).name) ?? offerID }

    /// The bookings as CSV: masked unless `full`, every field defused against formulas.
    func csv(_ list: [Booking], full: Bool) -> String {
        let header = ["code", "item", "itemName", "date", "slot", "state", "name", "idNumber", "phone", "bookedAt", "changedAt"]
        let format = ISO8601DateFormatter()
        let rows = list.map { b -> [String] in
            let a = b.applicant
            return [b.code, b.offerID, name(b.offerID), b.day.description, b.slot.description, b.state.rawValue,
                    full ? b.name : a.maskedName, full ? b.idNumber : a.maskedNumber, full ? b.phone : (a.maskedPhone ?? ""),
                    format.string(from: b.bookedAt), b.changedAt.map(format.string) ?? ""]
        }
        return ([header] + rows).map { $0.map(CSVField.escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as AppointmentError { throw APIError(error) }
    }
}
