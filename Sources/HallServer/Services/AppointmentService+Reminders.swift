import Foundation
import IntakeCore
import IntakeStore

/// Reminders before the slot (seed 004 §8.2.4) and moving a booking (issue 14: "reschedule
/// keeps the person's booking while it moves"). The store enqueues the reminders built here
/// in the booking's own write transaction and withdraws them when the booking is cancelled,
/// moved or checked in.
extension AppointmentService {
    /// The booking's reminders at the times the hall layout sets (`appointments.reminders`),
    /// without those already past at `now`. The text never holds the ID number.
    func reminders(for booking: Booking, offerName: String, at now: HallTime) -> [NewNotification] {
        let hallName = hall.layout.hallName
        let start = instant(of: booking.start).formatted(.iso8601)
        return BookingReminderPlan.reminders(before: booking.start, settings: settings.reminders, now: now).map { reminder in
            NewNotification(
                dedupeKey: BookingReminderPlan.dedupeKey(code: booking.code, start: booking.start, name: reminder.name),
                kind: "reminder", recipient: booking.phone,
                text: BookingReminderPlan.reminderText(hall: hallName, item: offerName, day: booking.day, slot: booking.slot, code: booking.code),
                payload: ["code": booking.code, "item": booking.offerID, "start": start, "reminder": reminder.name],
                notBefore: instant(of: reminder.at))
        }
    }

    /// Moves a booking to another slot of its offer; refused as a booking would be (closed,
    /// passed, full), and then it stays where it was. The same slot is no move.
    func reschedule(code: String, id4: String, to start: Date) async throws -> Booking {
        let booking = try await booking(code: code, id4: id4)
        guard booking.state.isActive else { throw AppointmentError.notActive(booking.state) }
        let (offer, offerName) = try offer(booking.offerID)
        let target = hallTime(of: start), now = self.now
        let slot = try SlotSchedule.checkBookable(offer, start: target, now: now, calendar: hall.layout.workingCalendar,
                                                  closures: try await store.closures(on: target.day))
        if target.day == booking.day && slot == booking.slot { return booking }
        let moved = try await store.reschedule(code: booking.code, to: target.day, slot: slot, capacity: offer.capacity, at: hall.clock()) {
            [self] moved in reminders(for: moved, offerName: offerName, at: now)
        }
        hall.logger.info("Appointment moved", metadata: ["offer": "\(offer.id)", "from": "\(booking.start)", "to": "\(moved.start)"])
        return moved
    }
}
