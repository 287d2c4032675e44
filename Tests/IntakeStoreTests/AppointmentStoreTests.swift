import Foundation
import GRDB
import IntakeCore
import Testing
@testable import IntakeStore

/// Bookings in the database (R2): capacity held by the insert itself under concurrency,
/// one active booking per ID document and item, cancel frees the place, reschedule keeps
/// the booking, check-in stores the ticket with the booking's change, no-shows and the block.
@Suite("Appointment store", .timeLimit(.minutes(5)))
struct AppointmentStoreTests {
    let monday = CivilDay("2026-11-23")!
    let settings = AppointmentSettings(noShowLimit: 2)
    let slot = TimeBand("10:00-10:30")!

    /// Valid resident numbers: the check character computed as GB 11643 does.
    static func idNumber(_ n: Int) -> String {
        let body = "110105" + "19800101" + String(format: "%03d", n % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    func booking(_ n: Int, code: String? = nil, day: CivilDay? = nil, slot: TimeBand? = nil, offer: String = "resident-id-card-renewal") -> Booking {
        Booking(code: code ?? "C\(n)", offerID: offer, day: day ?? monday, slot: slot ?? self.slot, idNumber: Self.idNumber(n),
                cardType: "residentCard", name: "测试\(n)", phone: "13800000000", bookedAt: nine)
    }

    @Test func capacityHoldsUnderConcurrentBookings() async throws {
        let pool = try HallDatabase.open(path: temporaryDatabasePath())
        let bookings = AppointmentStore(writer: pool)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for n in 0..<60 {
                group.addTask { (try? await bookings.book(booking(n), capacity: 10, today: monday, settings: settings)) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 10)
        #expect(try await bookings.bookedCounts(offerID: "resident-id-card-renewal", day: monday) == ["10:00-10:30": 10])
        await #expect(throws: AppointmentError.refused(.slotFull(HallTime(day: monday, minute: 600)))) {
            try await bookings.book(booking(99), capacity: 10, today: monday, settings: settings)
        }
    }

    @Test func oneActiveBookingPerIDDocumentAndItemEvenAtOnce() async throws {
        let pool = try HallDatabase.open(path: temporaryDatabasePath())
        let bookings = AppointmentStore(writer: pool)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for n in 0..<20 {
                group.addTask { (try? await bookings.book(booking(7, code: "S\(n)"), capacity: 100, today: monday, settings: settings)) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        await #expect(throws: AppointmentError.refused(.alreadyBooked(day: monday, slot: slot))) {
            try await bookings.book(booking(7, code: "T1", slot: TimeBand("11:00-11:30")!), capacity: 100, today: monday, settings: settings)
        }
        // Another item is another booking.
        _ = try await bookings.book(booking(7, code: "T2", offer: "business-license-change-registration"), capacity: 100, today: monday, settings: settings)
    }

    @Test func cancelFreesThePlaceAtOnceAndTheIDMayBookAgain() async throws {
        let bookings = AppointmentStore(writer: try HallDatabase.inMemory())
        _ = try await bookings.book(booking(1), capacity: 1, today: monday, settings: settings)
        await #expect(throws: AppointmentError.refused(.slotFull(HallTime(day: monday, minute: 600)))) {
            try await bookings.book(booking(2), capacity: 1, today: monday, settings: settings)
        }
        #expect(try await bookings.cancel(code: "C1", at: nine).state == .cancelled)
        _ = try await bookings.book(booking(2), capacity: 1, today: monday, settings: settings)
        await #expect(throws: AppointmentError.notActive(.cancelled)) { try await bookings.cancel(code: "C1", at: nine) }
        let again = try await bookings.book(booking(1, code: "C1b", slot: TimeBand("10:30-11:00")!), capacity: 1, today: monday, settings: settings)
        #expect(again.code == "C1b")
    }

    @Test func rescheduleKeepsTheBookingWhileItMoves() async throws {
        let bookings = AppointmentStore(writer: try HallDatabase.inMemory())
        let later = TimeBand("11:00-11:30")!
        _ = try await bookings.book(booking(1), capacity: 1, today: monday, settings: settings)
        _ = try await bookings.book(booking(2, slot: later), capacity: 1, today: monday, settings: settings)
        await #expect(throws: AppointmentError.refused(.slotFull(HallTime(day: monday, minute: 660)))) {
            try await bookings.reschedule(code: "C1", to: monday, slot: later, capacity: 1, at: nine)
        }
        #expect(try await bookings.booking(code: "C1")?.slot == slot, "still holds its old place")
        let moved = try await bookings.reschedule(code: "C1", to: monday.adding(days: 1), slot: later, capacity: 1, at: nine)
        #expect(moved.code == "C1" && moved.day == monday.adding(days: 1) && moved.state == .booked)
        #expect(try await bookings.bookedCounts(offerID: "resident-id-card-renewal", day: monday) == ["11:00-11:30": 1])
    }

    @Test func checkInIssuesTheTicketAndChangesTheBookingTogether() async throws {
        let db = try HallDatabase.inMemory()
        let bookings = AppointmentStore(writer: db)
        let queues = store(db)
        _ = try await bookings.book(booking(1), capacity: 1, today: monday, settings: settings)
        let route = try smallHall().route(.item("resident-id-card-renewal"), catalog: demoCatalog)
        // 09:00 is an hour before 10:00: too early, nothing stored.
        await #expect(throws: AppointmentError.checkIn(.tooEarly(from: HallTime(day: monday, minute: 570)))) {
            try await bookings.checkIn(code: "C1", now: nine, hallNow: HallTime(day: monday, minute: 540), settings: settings,
                                       queues: queues) { _ in (route, nil, nil) }
        }
        #expect(try await queues.day("2026-11-23").tickets.isEmpty)
        let (checked, ticket, decision) = try await bookings.checkIn(
            code: "C1", now: nine.addingTimeInterval(3600), hallNow: HallTime(day: monday, minute: 600), settings: settings,
            queues: queues) { _ in (route, nil, nil) }
        #expect(decision == .appointmentTicket && ticket.appointmentCode == "C1" && ticket.isAppointment)
        #expect(checked.state == .checkedIn && checked.ticketID == ticket.id)
        #expect(try await bookings.booking(code: "C1")?.ticketID == ticket.id)
        await #expect(throws: AppointmentError.checkIn(.notActive(.checkedIn))) {
            try await bookings.checkIn(code: "C1", now: nine, hallNow: HallTime(day: monday, minute: 600), settings: settings,
                                       queues: queues) { _ in (route, nil, nil) }
        }
    }

    @Test func noShowsAreMarkedOnTheClockGivenAndBlockNewBookings() async throws {
        let bookings = AppointmentStore(writer: try HallDatabase.inMemory())
        _ = try await bookings.book(booking(1), capacity: 5, today: monday, settings: settings)
        _ = try await bookings.book(booking(1, code: "D2", offer: "business-license-change-registration"), capacity: 5, today: monday, settings: settings)
        // 10:44 is within the grace of 15 minutes after 10:30.
        #expect(try await bookings.markNoShows(before: HallTime(day: monday, minute: 644), settings: settings, at: nine).isEmpty)
        let marked = try await bookings.markNoShows(before: HallTime(day: monday, minute: 645), settings: settings, at: nine)
        #expect(Set(marked.map(\.code)) == ["C1", "D2"])
        #expect(try await bookings.booking(code: "C1")?.state == .noShow)
        let until = monday.adding(days: settings.blockDays + 1)
        await #expect(throws: AppointmentError.refused(.bookingBlocked(until: until))) {
            try await bookings.book(booking(1, code: "E1", day: monday.adding(days: 2)), capacity: 5, today: monday.adding(days: 1), settings: settings)
        }
        _ = try await bookings.book(booking(1, code: "E2", day: until), capacity: 5, today: until, settings: settings)
    }

    @Test func closuresAreKeptPerDay() async throws {
        let bookings = AppointmentStore(writer: try HallDatabase.inMemory())
        try await bookings.close(AppointmentClosure(day: monday, band: TimeBand("14:00-15:00")!, reason: "培训"), at: nine)
        #expect(try await bookings.closures(on: monday) == [AppointmentClosure(day: monday, band: TimeBand("14:00-15:00")!, reason: "培训")])
        #expect(try await bookings.closures(on: monday.adding(days: 1)).isEmpty)
    }

    /// A closure stored after the service looked, but before its booking's write: the write
    /// sees it, so the booking never lands in the closed slot.
    @Test func aBookingRacingAClosureSeesItInItsWrite() async throws {
        let bookings = AppointmentStore(writer: try HallDatabase.inMemory())
        try await bookings.close(AppointmentClosure(day: monday, band: slot, reason: "停电"), at: nine)
        let slot = self.slot
        await #expect(throws: AppointmentError.refused(.slotClosed("closed: 停电"))) {
            try await bookings.book(booking(1), capacity: 10, today: monday, settings: settings) { closures in
                if let c = closures.first(where: { $0.band == slot }) { throw BookingRefusal.slotClosed("closed: \(c.reason)") }
            }
        }
        #expect(try await bookings.bookedCounts(offerID: "resident-id-card-renewal", day: monday).isEmpty)
    }
}
