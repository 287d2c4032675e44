import Foundation
import IDCard
import IntakeCore
import IntakeStore
import Metrics

/// Appointments (R2; seed 004 §8.2): the day's slots with their places, booking, lookup and
/// cancel by code and the last four ID digits, and check-in at the kiosk by code or card.
/// Reminders (§8.2.4) are enqueued by the store in the booking's own transaction
/// (``reminders(for:offerName:at:)``). The store-backed book the kiosk asks about a card holder (``AppointmentBook``).
public final class AppointmentService: AppointmentBook, Sendable {
    let hall: HallInForce
    public let store: AppointmentStore
    private let booked = Counter(label: "onevisit_bookings_total")
    private let refused = Counter(label: "onevisit_bookings_refused_total")

    init(hall: HallInForce, store: AppointmentStore) {
        self.hall = hall; self.store = store
    }

    var settings: AppointmentSettings { hall.layout.appointments }

    /// The offer of an item or bundle id, with its name from the catalog.
    func offer(_ id: String) throws(APIError) -> (offer: AppointmentOffer, name: String) {
        guard let offer = settings.offer(id) else { throw APIError.notFound("\"\(id)\" cannot be booked in this hall") }
        let name = offer.item.flatMap { hall.catalog.item($0)?.name } ?? offer.bundle.flatMap { hall.catalog.bundle($0)?.name } ?? id
        return (offer, name)
    }

    /// The hall's time now, in its time zone.
    var now: HallTime { hallTime(of: hall.clock()) }

    func hallTime(of date: Date) -> HallTime {
        let calendar = hall.store.calendar
        return HallTime(day: CivilDay(calendar.serviceDay(of: date))!, minute: calendar.minuteOfDay(of: date))
    }

    func instant(of time: HallTime) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = hall.store.calendar.timeZone
        let midnight = calendar.date(from: DateComponents(year: time.day.year, month: time.day.month, day: time.day.day))!
        return midnight.addingTimeInterval(TimeInterval(time.minute * 60))
    }

    /// Every slot of the day not begun yet, with its places (a closed or past day has none).
    func slots(of offerID: String, on day: CivilDay) async throws -> [SlotPlaces] {
        let (offer, _) = try offer(offerID)
        let now = self.now
        guard SlotSchedule.bookableDays(of: offer, today: now.day).contains(day) else { return [] }
        let closures = try await store.closures(on: day)
        let counts = try await store.bookedCounts(offerID: offerID, day: day)
        return SlotSchedule.slots(of: offer, on: day, calendar: hall.layout.workingCalendar, closures: closures)
            .filter { HallTime(day: day, minute: $0.start) > now }
            .map { slot in
                let taken = counts[slot.description] ?? 0
                return SlotPlaces(start: instant(of: HallTime(day: day, minute: slot.start)), end: instant(of: HallTime(day: day, minute: slot.end)),
                                  capacity: offer.capacity, booked: taken, available: max(0, offer.capacity - taken))
            }
    }

    /// Books a place; the ID number is checked by its card type's rule first.
    func book(offerID: String, start: Date, idNumber: String, name: String, phone: String) async throws -> Booking {
        let (offer, offerName) = try offer(offerID)
        do {
            let document: (number: String, cardType: Identity.CardType)
            do { document = try DocumentNumber.validate(idNumber) } catch { throw BookingRefusal.invalidIDNumber(error.description) }
            let now = self.now
            let slot = try SlotSchedule.checkBookable(offer, start: hallTime(of: start), now: now, calendar: hall.layout.workingCalendar,
                                                      closures: try await store.closures(on: hallTime(of: start).day))
            var random = SystemRandomNumberGenerator()
            let booking = Booking(code: BookingCode.make(using: &random), offerID: offer.id, day: hallTime(of: start).day, slot: slot,
                                  idNumber: document.number, cardType: document.cardType.rawValue, name: name, phone: phone,
                                  bookedAt: hall.clock())
            let calendar = hall.layout.workingCalendar, startTime = hallTime(of: start)
            let stored = try await store.book(booking, capacity: offer.capacity, today: now.day, settings: settings,
                                              reminders: reminders(for: booking, offerName: offerName, at: now)) { closures in
                _ = try SlotSchedule.checkBookable(offer, start: startTime, now: now, calendar: calendar, closures: closures)
            }
            booked.increment()
            hall.logger.info("Appointment booked", metadata: ["offer": "\(offer.id)", "slot": "\(stored.start)"])
            return stored
        } catch {
            refused.increment()
            throw error
        }
    }

    /// The booking of a code, when the last four ID characters match; otherwise nothing, so
    /// a guessed code tells nothing.
    func booking(code: String, id4: String) async throws -> Booking {
        guard let canonical = BookingCode.normalized(code), let booking = try await store.booking(code: canonical),
              booking.matches(id4: id4) else { throw APIError.notFound("no booking with this code and these last four ID characters") }
        return booking
    }

    func cancel(code: String, id4: String) async throws -> Booking {
        let booking = try await booking(code: code, id4: id4)
        guard !booking.state.isActive || AppointmentRules.mayCancel(booking, at: now) else {
            throw APIError(.conflict, code: "slot_passed", message: "the slot \(booking.day) \(booking.slot) has ended: a booking is cancelled before or during its slot")
        }
        let cancelled = try await store.cancel(code: booking.code, at: hall.clock())
        hall.logger.info("Appointment cancelled", metadata: ["offer": "\(booking.offerID)", "slot": "\(booking.start)"])
        return cancelled
    }

    /// Checks a booking in and issues its ticket: real-name with the masked holder (from
    /// the card on the reader, or from the booking), the priority lane by age as at a kiosk.
    func checkIn(code: String, card: Identity? = nil) async throws -> (Booking, Ticket, CheckInDecision) {
        guard let canonical = BookingCode.normalized(code) else { throw APIError.notFound("no booking with this code") }
        let hall = self.hall, today = hall.today
        let layout = hall.layout, catalog = hall.catalog
        let offers = settings
        return try await store.checkIn(code: canonical, now: hall.clock(), hallNow: now, settings: offers, queues: hall.store) { booking in
            let target: TicketTarget = offers.offer(booking.offerID)?.bundle != nil ? .bundle(booking.offerID) : .item(booking.offerID)
            let route = try layout.route(target, catalog: catalog)
            let holder = card?.ticketHolder(on: today) ?? Self.holder(of: booking, on: today)
            let priority = layout.priority.reason(chosen: nil, holderAge: holder.age)
            return (route, priority, holder)
        }
    }

    /// The card holder's booking today, checked in.
    func checkIn(card: Identity) async throws -> (Booking, Ticket, CheckInDecision) {
        guard let booking = try await store.activeBooking(idNumber: card.number, on: now.day) else {
            throw APIError(.notFound, code: "no_booking", message: "this card holds no booking for today")
        }
        return try await checkIn(code: booking.code, card: card)
    }

    public func appointment(for holder: Identity, on day: CardDate) async -> AppointmentMatch? {
        guard let civil = CivilDay(year: day.year, month: day.month, day: day.day),
              let booking = try? await store.activeBooking(idNumber: holder.number, on: civil) else { return nil }
        return AppointmentMatch(id: booking.code, slot: booking.slot.description, item: booking.offerID)
    }

    static func holder(of booking: Booking, on today: CardDate) -> TicketHolder {
        let birth = try? IDNumber.validate(booking.idNumber)
        var age = birth.map { today.year - $0.year } ?? 0
        if let birth, (today.month, today.day) < (birth.month, birth.day) { age -= 1 }
        let applicant = booking.applicant
        return TicketHolder(maskedName: applicant.maskedName, maskedNumber: applicant.maskedNumber, cardType: booking.cardType, age: age)
    }
}

/// A slot and its places, as `GET /api/v1/appointments/slots` answers.
struct SlotPlaces: Codable, Sendable {
    var start: Date
    var end: Date
    var capacity: Int
    var booked: Int
    var available: Int
}
