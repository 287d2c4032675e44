import Hummingbird
import IntakeCore

/// What citizens can book (R2; seed 004 §8.2.1): the hall's bookable items and bundles with
/// the days ahead that have slots on the working calendar, so the booking page offers only
/// days worth choosing.
struct AppointmentOfferRoutes {
    let bookings: AppointmentService

    struct Offer: Encodable {
        var id: String
        /// `item` or `bundle`.
        var kind: String
        var name: String
        var daysAhead: Int
        var slotMinutes: Int
        var capacity: Int
        /// Days from today that have a slot not begun yet (supervisor closures not counted:
        /// the slots route leaves those out).
        var days: [String]
    }

    struct Answer: Encodable {
        var today: String
        var offers: [Offer]
    }

    func register(on routes: HallRoutes) {
        // Public like the catalog: it names published items and opening hours, nothing personal.
        routes.anyone.get("/api/v1/appointments/offers") { _, _ in
            let now = bookings.now
            let calendar = bookings.hall.layout.workingCalendar
            let offers = bookings.settings.offers.map { offer in
                let range = SlotSchedule.bookableDays(of: offer, today: now.day)
                let days = (0...max(0, range.upperBound.ordinal - range.lowerBound.ordinal))
                    .map { range.lowerBound.adding(days: $0) }
                    .filter { day in
                        SlotSchedule.slots(of: offer, on: day, calendar: calendar).contains { HallTime(day: day, minute: $0.start) > now }
                    }
                let name = (try? bookings.offer(offer.id).name) ?? offer.id
                return Offer(id: offer.id, kind: offer.bundle == nil ? "item" : "bundle", name: name, daysAhead: offer.daysAhead,
                             slotMinutes: offer.slotMinutes, capacity: offer.capacity, days: days.map(\.description))
            }
            return try JSONCoding.response(Answer(today: now.day.description, offers: offers))
        }
    }
}
