import Foundation
import IntakeCore
import IntakeStore

/// Closed days and hours a supervisor sets (R2; issue 14): the bookings they cover are
/// cancelled in the same transaction, each holder gets a notice through the outbox, and the
/// supervisor gets the list. Never silent.
extension AppointmentService {
    /// Closes `band` of `day` (the whole day when nil) for one offer or all of them.
    func close(day: CivilDay, band: TimeBand?, offerID: String?, reason: String, by staffID: String) async throws
    -> (closure: StoredClosure, cancelled: [Booking]) {
        if let offerID { _ = try offer(offerID) }
        guard day >= now.day else { throw APIError.badRequest("\(day) has passed; a closure is for today or a later day") }
        let hallName = hall.layout.hallName
        let names = Dictionary(uniqueKeysWithValues: settings.offers.map { ($0.id, (try? offer($0.id).name) ?? $0.id) })
        let closure = AppointmentClosure(day: day, band: band, offerID: offerID, reason: reason)
        let at = hall.clock()
        let result = try await store.close(closure, at: at) { booking in
            NewNotification(
                dedupeKey: BookingReminderPlan.closureNoticeKey(code: booking.code), kind: "booking-cancelled", recipient: booking.phone,
                text: BookingReminderPlan.closureNoticeText(hall: hallName, item: names[booking.offerID] ?? booking.offerID, day: booking.day,
                                                            slot: booking.slot, code: booking.code, reason: reason),
                payload: ["code": booking.code, "item": booking.offerID, "date": booking.day.description, "slot": booking.slot.description],
                notBefore: at)
        }
        hall.logger.notice("Appointments closed", metadata: [
            "day": "\(day)", "band": "\(band?.description ?? "all day")", "offer": "\(offerID ?? "all")", "by": "\(staffID)",
            "cancelled": "\(result.cancelled.count)"])
        return result
    }

    func closures(from: CivilDay, to: CivilDay) async throws -> [StoredClosure] {
        try await store.closures(from: from, to: to)
    }

    /// Reopens a closure; the bookings it cancelled stay cancelled.
    func reopen(closure id: Int64, by staffID: String) async throws -> StoredClosure {
        guard let reopened = try await store.reopen(id: id) else { throw APIError.notFound("no closure \(id)") }
        hall.logger.notice("Appointments reopened", metadata: ["day": "\(reopened.closure.day)", "closure": "\(id)", "by": "\(staffID)"])
        return reopened
    }
}
