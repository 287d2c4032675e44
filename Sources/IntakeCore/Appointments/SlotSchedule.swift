/// Hours or a whole day a supervisor closes for booking beyond the working calendar (R2):
/// for one offer or all of them.
public struct AppointmentClosure: Codable, Sendable, Hashable {
    public var day: CivilDay
    /// Nil closes the whole day.
    public var band: TimeBand?
    /// The offer (item or bundle id) closed; nil closes every offer.
    public var offerID: String?
    public var reason: String

    public init(day: CivilDay, band: TimeBand? = nil, offerID: String? = nil, reason: String) {
        self.day = day; self.band = band; self.offerID = offerID; self.reason = reason
    }

    public func closes(_ slot: TimeBand, of offerID: String, on day: CivilDay) -> Bool {
        guard day == self.day, self.offerID == nil || self.offerID == offerID else { return false }
        guard let band else { return true }
        return slot.start < band.end && band.start < slot.end
    }
}

/// The slots of a day (R2; seed 004 §8.2.1): each opening band cut into slots of the offer's
/// length (a remainder too short for a slot is dropped), on the hall's working calendar,
/// without what a supervisor closed.
public enum SlotSchedule {
    public static func slots(of offer: AppointmentOffer, on day: CivilDay, calendar: WorkingCalendar,
                             closures: [AppointmentClosure] = []) -> [TimeBand] {
        offer.hours.bands(on: day, calendar: calendar).flatMap { band in
            stride(from: band.start, through: band.end - offer.slotMinutes, by: offer.slotMinutes).map {
                TimeBand(start: $0, end: $0 + offer.slotMinutes)
            }
        }.filter { slot in !closures.contains { $0.closes(slot, of: offer.id, on: day) } }
    }

    /// The days that can be booked now: today through `daysAhead` days after it.
    public static func bookableDays(of offer: AppointmentOffer, today: CivilDay) -> ClosedRange<CivilDay> {
        today...today.adding(days: offer.daysAhead)
    }

    /// Checks that a slot starting at `start` can be booked at `now`: a slot of the offer's
    /// schedule that has not begun yet and is within the days ahead.
    public static func checkBookable(_ offer: AppointmentOffer, start: HallTime, now: HallTime, calendar: WorkingCalendar,
                                     closures: [AppointmentClosure]) throws(BookingRefusal) -> TimeBand {
        guard bookableDays(of: offer, today: now.day).contains(start.day) else {
            throw .slotClosed(start < now ? "this day has passed" : "bookings open \(offer.daysAhead) days ahead")
        }
        guard start > now else { throw .slotClosed("this slot has begun or passed") }
        if let closure = closures.first(where: { c in offer.hours.bands(on: start.day, calendar: calendar).isEmpty == false
                                            && c.closes(TimeBand(start: start.minute, end: start.minute + offer.slotMinutes), of: offer.id, on: start.day) }) {
            throw .slotClosed("closed: \(closure.reason)")
        }
        guard let slot = slots(of: offer, on: start.day, calendar: calendar, closures: closures).first(where: { $0.start == start.minute }) else {
            if let holiday = calendar.holiday(on: start.day) { throw .slotClosed("\(start.day) is a public holiday (\(holiday))") }
            throw .slotClosed("no slot starts at \(start)")
        }
        return slot
    }
}
