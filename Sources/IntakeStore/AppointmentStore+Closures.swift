import Foundation
import GRDB
import IntakeCore

/// Closed days and hours (R2; issue 14: "closing a day or hours that already have bookings
/// cancels them with a notification to each person and a list for the supervisor. It never
/// happens silently"). The closure, the cancellations and their notices are one transaction.
extension AppointmentStore {
    /// Stores the closure and cancels every active booking it covers, withdrawing their
    /// reminders and enqueuing `notice` for each; returns the closure and those bookings.
    @discardableResult
    public func close(_ closure: AppointmentClosure, at now: Date,
                      notice: @escaping @Sendable (Booking) -> NewNotification? = { _ in nil })
    async throws(AppointmentError) -> (closure: StoredClosure, cancelled: [Booking]) {
        try await run { [outbox] db in
            try db.execute(sql: "INSERT INTO appointmentClosure (day, band, offerID, reason, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [closure.day.description, closure.band?.description, closure.offerID, closure.reason, now])
            let stored = StoredClosure(id: db.lastInsertedRowID, closure: closure)
            let covered = try Booking.filter(Booking.Columns.day == closure.day.description
                                             && Booking.Columns.state == BookingState.booked.rawValue)
                .order(Booking.Columns.slot, Booking.Columns.code).fetchAll(db)
                .filter { closure.closes($0.slot, of: $0.offerID, on: $0.day) }
            var cancelled: [Booking] = []
            for var booking in covered {
                try db.execute(sql: "UPDATE booking SET state = 'cancelled', changedAt = ? WHERE code = ? AND state = 'booked'",
                               arguments: [now, booking.code])
                guard db.changesCount == 1 else { continue }
                booking.state = .cancelled; booking.changedAt = now
                try outbox.withdraw(dedupeKeyPrefix: BookingReminderPlan.keyPrefix(code: booking.code), in: db, at: now)
                if let message = notice(booking) { try outbox.enqueue(message, in: db, at: now) }
                cancelled.append(booking)
            }
            return (stored, cancelled)
        }
    }

    /// The closures of the days `from` through `to`, by day and band.
    public func closures(from: CivilDay, to: CivilDay) async throws(AppointmentError) -> [StoredClosure] {
        do {
            return try await writer.read { db in try Self.closures(db, from: from, to: to) }
        } catch { throw .storage(String(describing: error)) }
    }

    static func closures(_ db: Database, from: CivilDay, to: CivilDay) throws -> [StoredClosure] {
        try Row.fetchAll(db, sql: "SELECT * FROM appointmentClosure WHERE day >= ? AND day <= ? ORDER BY day, band, id",
                         arguments: [from.description, to.description]).compactMap(Self.stored)
    }

    /// The closures of one day, as the slot schedule takes them.
    public func closures(on day: CivilDay) async throws(AppointmentError) -> [AppointmentClosure] {
        try await closures(from: day, to: day).map(\.closure)
    }

    /// Reopens: the closure is removed, so its slots can be booked again. The bookings it
    /// cancelled stay cancelled (their holders were told). Nil when there is no such closure.
    public func reopen(id: Int64) async throws(AppointmentError) -> StoredClosure? {
        try await run { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM appointmentClosure WHERE id = ?", arguments: [id]),
                  let stored = Self.stored(row) else { return nil }
            try db.execute(sql: "DELETE FROM appointmentClosure WHERE id = ?", arguments: [id])
            return stored
        }
    }

    private static func stored(_ row: Row) -> StoredClosure? {
        guard let day = CivilDay(row["day"] as String) else { return nil }
        let band: String? = row["band"]
        return StoredClosure(id: row["id"], closure: AppointmentClosure(day: day, band: band.flatMap(TimeBand.init), offerID: row["offerID"],
                                                                       reason: row["reason"]))
    }
}
