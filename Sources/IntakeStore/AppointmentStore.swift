import Foundation
import GRDB
import IntakeCore

/// Bookings (R2; seed 004 §8.2) in the hall database. The invariants live in the database:
/// a slot's capacity is checked by the insert itself (`INSERT … SELECT … WHERE count < capacity`
/// in the write transaction, never a read and then a write), and one active booking per ID
/// document and item is a UNIQUE partial index. The ID number is kept (check-in by card
/// matches it), as the case store keeps an applicant's; it is never logged.
public struct AppointmentStore: Sendable {
    public let writer: any DatabaseWriter
    /// Where a booking's reminders and notices go, in the booking's own transaction (§8.2.4).
    public let outbox: NotificationOutbox

    /// - Parameter outbox: the hall's outbox (its dispatcher wakes on commit); one of its own when nil.
    public init(writer: any DatabaseWriter, outbox: NotificationOutbox? = nil) {
        self.writer = writer; self.outbox = outbox ?? NotificationOutbox(writer: writer)
    }

    /// Books a place: refused while the ID document is blocked by no-shows, when it holds an
    /// active booking for the offer, or when the slot is full. The `reminders` are enqueued
    /// in the same transaction: a booking and its reminders commit together or not at all.
    /// - Parameter stillOpen: the core's check of the slot against the day's closures, run in
    ///   the write with the closures read there, so a booking racing a closure never lands in
    ///   the closed slot unnoticed.
    public func book(_ booking: Booking, capacity: Int, today: CivilDay, settings: AppointmentSettings,
                     reminders: [NewNotification] = [],
                     stillOpen: @escaping @Sendable ([AppointmentClosure]) throws -> Void = { _ in }) async throws(AppointmentError) -> Booking {
        try await run { [outbox] db in
            try stillOpen(try Self.closures(db, from: booking.day, to: booking.day).map(\.closure))
            try AppointmentRules.checkNotBlocked(noShowDays: try noShowDays(db, idNumber: booking.idNumber), today: today, settings: settings)
            try refuseIfBooked(db, booking)
            do {
                try db.execute(sql: """
                    INSERT INTO booking (code, offerID, day, slot, state, idNumber, cardType, name, phone, bookedAt)
                    SELECT ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?
                    WHERE (SELECT count(*) FROM booking WHERE offerID = ? AND day = ? AND slot = ? AND state = 'booked') < ?
                    """, arguments: [booking.code, booking.offerID, booking.day.description, booking.slot.description,
                                     booking.idNumber, booking.cardType, booking.name, booking.phone, booking.bookedAt,
                                     booking.offerID, booking.day.description, booking.slot.description, capacity])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                // Another request of the same person won the race between the check above and here.
                try refuseIfBooked(db, booking)
                throw error
            }
            guard db.changesCount == 1 else { throw BookingRefusal.slotFull(booking.start) }
            for reminder in reminders { try outbox.enqueue(reminder, in: db, at: booking.bookedAt, reinstating: true) }
            var stored = booking
            stored.state = .booked
            return stored
        }
    }

    /// Moves an active booking to another slot of its offer, keeping its code and its place
    /// until the new slot has room (refused as full, and the booking stays where it was). The
    /// old slot's reminders are withdrawn and the new slot's enqueued in the same transaction.
    public func reschedule(code: String, to day: CivilDay, slot: TimeBand, capacity: Int, at now: Date,
                           reminders: @escaping @Sendable (Booking) -> [NewNotification] = { _ in [] }) async throws(AppointmentError) -> Booking {
        try await run { [outbox] db in
            guard var booking = try Booking.fetchOne(db, key: code) else { throw AppointmentError.unknownCode }
            guard booking.state.isActive else { throw AppointmentError.notActive(booking.state) }
            try db.execute(sql: """
                UPDATE booking SET day = ?, slot = ?, changedAt = ? WHERE code = ? AND state = 'booked'
                AND (SELECT count(*) FROM booking WHERE offerID = ? AND day = ? AND slot = ? AND state = 'booked' AND code <> ?) < ?
                """, arguments: [day.description, slot.description, now, code, booking.offerID, day.description, slot.description, code, capacity])
            booking.day = day; booking.slot = slot
            guard db.changesCount == 1 else { throw BookingRefusal.slotFull(booking.start) }
            booking.changedAt = now
            try outbox.withdraw(dedupeKeyPrefix: BookingReminderPlan.keyPrefix(code: code), in: db, at: now)
            for reminder in reminders(booking) { try outbox.enqueue(reminder, in: db, at: now, reinstating: true) }
            return booking
        }
    }

    /// Cancels an active booking; its place is free at once.
    public func cancel(code: String, at now: Date) async throws(AppointmentError) -> Booking {
        try await change(code: code, to: .cancelled, at: now)
    }

    public func booking(code: String) async throws(AppointmentError) -> Booking? {
        do { return try await writer.read { db in try Booking.fetchOne(db, key: code) } } catch { throw .storage(String(describing: error)) }
    }

    /// The holder's active booking on a day (the kiosk's card check-in), earliest slot first.
    public func activeBooking(idNumber: String, on day: CivilDay) async throws(AppointmentError) -> Booking? {
        do {
            return try await writer.read { db in
                try Booking.filter(Booking.Columns.idNumber == idNumber && Booking.Columns.day == day.description
                                   && Booking.Columns.state == BookingState.booked.rawValue)
                    .order(Booking.Columns.slot).fetchOne(db)
            }
        } catch { throw .storage(String(describing: error)) }
    }

    /// Active bookings per slot (`09:00-09:30` → count) of an offer's day.
    public func bookedCounts(offerID: String, day: CivilDay) async throws(AppointmentError) -> [String: Int] {
        do {
            return try await writer.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT slot, count(*) AS n FROM booking WHERE offerID = ? AND day = ? AND state = 'booked' GROUP BY slot
                    """, arguments: [offerID, day.description])
                return Dictionary(uniqueKeysWithValues: rows.map { ($0["slot"] as String, $0["n"] as Int) })
            }
        } catch { throw .storage(String(describing: error)) }
    }

    /// Checks a booking in and issues its ticket in one write transaction: either both are
    /// stored or neither. The core decides from the booking and the hall's time now: on time
    /// gives an appointment ticket, late a walk-in one; too early, another day or an
    /// inactive booking is refused with the decision.
    public func checkIn(code: String, now: Date, hallNow: HallTime, settings: AppointmentSettings, queues: QueueStore,
                        ticket: @escaping @Sendable (Booking) throws -> (route: TicketRoute, priority: PriorityReason?, holder: TicketHolder?))
    async throws(AppointmentError) -> (Booking, Ticket, CheckInDecision) {
        do {
            return try await writer.write { db in
                guard var booking = try Booking.fetchOne(db, key: code) else { throw AppointmentError.unknownCode }
                let decision = AppointmentRules.checkIn(booking, at: hallNow, settings: settings)
                guard decision == .appointmentTicket || decision == .walkInTicket else { throw AppointmentError.checkIn(decision) }
                let request = try ticket(booking)
                let issued = try queues.issue(db, route: request.route, priority: request.priority, holder: request.holder,
                                              appointmentCode: decision == .appointmentTicket ? code : nil, at: now)
                try db.execute(sql: "UPDATE booking SET state = 'checkedIn', ticketID = ?, changedAt = ? WHERE code = ? AND state = 'booked'",
                               arguments: [issued.id, now, code])
                guard db.changesCount == 1 else { throw AppointmentError.notActive(.checkedIn) }
                // The holder is here: a reminder still to come would only confuse.
                try outbox.withdraw(dedupeKeyPrefix: BookingReminderPlan.keyPrefix(code: code), in: db, at: now)
                booking.state = .checkedIn; booking.ticketID = issued.id; booking.changedAt = now
                return (booking, issued, decision)
            }
        } catch let error as AppointmentError {
            throw error
        } catch let error as QueueError {
            throw .queue(error)
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Marks every active booking whose slot ended more than the grace period before `now`
    /// a no-show (for the daemon's own clock); returns them.
    @discardableResult
    public func markNoShows(before now: HallTime, settings: AppointmentSettings, at instant: Date) async throws(AppointmentError) -> [Booking] {
        try await run { db in
            let candidates = try Booking.filter(Booking.Columns.state == BookingState.booked.rawValue
                                                && Booking.Columns.day <= now.day.description).fetchAll(db)
            var marked: [Booking] = []
            for var booking in candidates where AppointmentRules.isNoShow(booking, at: now, settings: settings) {
                try db.execute(sql: "UPDATE booking SET state = 'noShow', changedAt = ? WHERE code = ? AND state = 'booked'",
                               arguments: [instant, booking.code])
                if db.changesCount == 1 { booking.state = .noShow; booking.changedAt = instant; marked.append(booking) }
            }
            return marked
        }
    }

    // MARK: Inside a transaction

    private func change(code: String, to state: BookingState, at now: Date) async throws(AppointmentError) -> Booking {
        try await run { [outbox] db in
            guard var booking = try Booking.fetchOne(db, key: code) else { throw AppointmentError.unknownCode }
            try db.execute(sql: "UPDATE booking SET state = ?, changedAt = ? WHERE code = ? AND state = 'booked'",
                           arguments: [state.rawValue, now, code])
            guard db.changesCount == 1 else { throw AppointmentError.notActive(booking.state) }
            try outbox.withdraw(dedupeKeyPrefix: BookingReminderPlan.keyPrefix(code: code), in: db, at: now)
            booking.state = state; booking.changedAt = now
            return booking
        }
    }

    private func refuseIfBooked(_ db: Database, _ booking: Booking) throws {
        if let existing = try Booking.filter(Booking.Columns.idNumber == booking.idNumber && Booking.Columns.offerID == booking.offerID
                                             && Booking.Columns.state == BookingState.booked.rawValue).fetchOne(db) {
            throw BookingRefusal.alreadyBooked(day: existing.day, slot: existing.slot)
        }
    }

    private func noShowDays(_ db: Database, idNumber: String) throws -> [CivilDay] {
        try String.fetchAll(db, sql: "SELECT day FROM booking WHERE idNumber = ? AND state = 'noShow'", arguments: [idNumber])
            .compactMap(CivilDay.init)
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(AppointmentError) -> T {
        do {
            return try await writer.write(body)
        } catch let refusal as BookingRefusal {
            throw .refused(refusal)
        } catch let error as AppointmentError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }
}

/// Why a booking operation was not done.
public enum AppointmentError: Error, Sendable, Hashable, CustomStringConvertible {
    case refused(BookingRefusal)
    case unknownCode
    /// Cancelled, checked in or a no-show already.
    case notActive(BookingState)
    /// Check-in refused: too early, or another day.
    case checkIn(CheckInDecision)
    /// The ticket could not be issued (the queue closed or full); the booking is unchanged.
    case queue(QueueError)
    case storage(String)

    public var description: String {
        switch self {
        case .refused(let r): r.description
        case .unknownCode: "no booking with this code"
        case .notActive(let state): "this booking is \(state.rawValue) and can no longer be changed"
        case .checkIn(let decision): "check-in refused: \(decision)"
        case .queue(let e): e.description
        case .storage(let message): "the hall database could not store this: \(message)"
        }
    }
}

extension Booking: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "booking" }

    public enum Columns {
        public static let code = Column("code")
        public static let offerID = Column("offerID")
        public static let day = Column("day")
        public static let slot = Column("slot")
        public static let state = Column("state")
        public static let idNumber = Column("idNumber")
    }

}

extension AppointmentStore {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9: appointments") { db in
            try db.create(table: "booking") { t in
                t.primaryKey("code", .text)
                t.column("offerID", .text).notNull()
                t.column("day", .text).notNull()
                t.column("slot", .text).notNull()
                t.column("state", .text).notNull()
                    .check(sql: "state IN ('booked', 'checkedIn', 'cancelled', 'noShow')")
                t.column("idNumber", .text).notNull()
                t.column("cardType", .text).notNull()
                t.column("name", .text).notNull()
                t.column("phone", .text).notNull()
                t.column("bookedAt", .datetime).notNull()
                t.column("changedAt", .datetime)
                t.column("ticketID", .text)
            }
            // One valid ID document, one active booking per item (seed 004 §8.2.3).
            try db.execute(sql: "CREATE UNIQUE INDEX booking_one_active ON booking(idNumber, offerID) WHERE state = 'booked'")
            try db.create(index: "booking_slot", on: "booking", columns: ["offerID", "day", "slot", "state"])
            try db.create(index: "booking_holder_day", on: "booking", columns: ["idNumber", "day"])
            try db.create(table: "appointmentClosure") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("day", .text).notNull()
                t.column("band", .text)
                t.column("offerID", .text)
                t.column("reason", .text).notNull()
                t.column("at", .datetime).notNull()
            }
            try db.create(index: "appointmentClosure_day", on: "appointmentClosure", columns: ["day"])
            // The booking an on-time check-in's ticket is for: it ranks ahead of walk-ins.
            try db.alter(table: "ticket") { t in t.add(column: "appointmentCode", .text) }
        }
    }
}
