import Foundation
import GRDB
import IntakeCore

/// A supervisor's closure as stored, with its row id (the day view lists them).
public struct StoredClosure: Sendable, Hashable {
    public var id: Int64
    public var closure: AppointmentClosure
}

/// What the daemon's no-show clock and the supervisor's day view read (R2; seed 004 §8.2).
extension AppointmentStore {
    /// The earliest slot end among active bookings, or nil when none is active: the no-show
    /// service sleeps until this plus the grace period instead of polling.
    public func earliestActiveSlotEnd() async throws(AppointmentError) -> HallTime? {
        do {
            return try await writer.read { db in
                // Every slot lies within its day, so the earliest end is on the earliest day.
                let rows = try Row.fetchAll(db, sql: """
                    SELECT DISTINCT day, slot FROM booking
                    WHERE state = 'booked' AND day = (SELECT min(day) FROM booking WHERE state = 'booked')
                    """)
                return rows.compactMap { row -> HallTime? in
                    guard let day = CivilDay(row["day"] as String), let slot = TimeBand(row["slot"] as String) else { return nil }
                    return HallTime(day: day, minute: slot.end)
                }.min()
            }
        } catch { throw .storage(String(describing: error)) }
    }

    /// Every booking of a day in any state, by slot and then booking time.
    public func bookings(on day: CivilDay) async throws(AppointmentError) -> [Booking] {
        try await bookings(from: day, through: day)
    }

    /// Every booking of the days from `first` through `last`, by day, slot and booking time.
    public func bookings(from first: CivilDay, through last: CivilDay) async throws(AppointmentError) -> [Booking] {
        do {
            return try await writer.read { db in
                try Booking.filter(Booking.Columns.day >= first.description && Booking.Columns.day <= last.description)
                    .order(Booking.Columns.day, Booking.Columns.slot, Column("bookedAt"), Booking.Columns.code).fetchAll(db)
            }
        } catch { throw .storage(String(describing: error)) }
    }
}
