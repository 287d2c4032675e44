import Foundation
@testable import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeStore
import ServiceLifecycle
import Testing

/// No-shows on the daemon's own clock (R2; issue 14): the ``NoShowService`` of the hall, on a
/// clock moved by hand from Monday 2026-12-07 08:00 (Asia/Shanghai). The demo hall's grace
/// is 15 minutes; 3 no-shows within 180 days block bookings for 30 days after the latest.
@Suite("No-shows", .timeLimit(.minutes(2)))
struct NoShowServiceTests {
    static let renewal = AppointmentAPITests.renewal

    func hall(_ clock: ManualClock) async throws -> Hall {
        var access = HallAccessSettings()
        access.bookingsPerMinute = 0
        return try await makeTestHall(clock: clock.read, access: access).0
    }

    func book(_ hall: Hall, _ item: String = renewal, start: String = "2026-12-07T09:00:00+08:00", id: String) async throws -> Booking {
        try await hall.bookings.book(offerID: item, start: ISO8601DateFormatter().date(from: start)!, idNumber: id, name: "王小明", phone: "13812345678")
    }

    /// Runs the hall's no-show service, waking at least every 20 ms (the test moves the clock
    /// by hand, so a sleep computed from it would outlast the test), until `body` returns.
    func running<T>(_ hall: Hall, _ body: (NoShowService) async throws -> T) async throws -> T {
        let service = NoShowService(bookings: hall.bookings, logger: hall.logger, longestSleep: .milliseconds(20))
        let group = ServiceGroup(configuration: .init(services: [service], logger: hall.logger))
        let task = Task { try await group.run() }
        defer { task.cancel() }
        let result = try await body(service)
        await group.triggerGracefulShutdown()
        try await task.value
        return result
    }

    /// A service asleep for an hour still stops on a graceful shutdown: were it to sleep on,
    /// the test's time limit would end it.
    @Test(.timeLimit(.minutes(1))) func aSleepingServiceStopsOnShutdown() async throws {
        let hall = try await hall(ManualClock(AppointmentAPITests.monday8))
        let service = NoShowService(bookings: hall.bookings, logger: hall.logger, longestSleep: .seconds(3600))
        let group = ServiceGroup(configuration: .init(services: [service], logger: hall.logger))
        let task = Task { try await group.run() }
        #expect(await service.markDue() == .seconds(3600), "nothing booked: it sleeps the whole bound")
        await group.triggerGracefulShutdown()
        try await task.value
    }

    func state(_ hall: Hall, _ code: String) async throws -> BookingState? {
        try await hall.bookings.store.booking(code: code)?.state
    }

    /// Waits (up to 5 s) until the booking is in `state`.
    func waitFor(_ state: BookingState, _ hall: Hall, _ code: String) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)  // the bound of a failure, not a speed: a busy run missed 5 s
        while ContinuousClock.now < deadline {
            if try await self.state(hall, code) == state { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func aBookingNotCheckedInIsMarkedAfterSlotEndPlusGraceNotBeforeAndACheckedInOneNever() async throws {
        let clock = ManualClock(AppointmentAPITests.monday8)
        let hall = try await hall(clock)
        let missed = try await book(hall, id: AppointmentAPITests.idNumber(101))
        let came = try await book(hall, id: AppointmentAPITests.idNumber(102))
        try await running(hall) { service in
            clock.set(minutes: 50)  // 08:50: checks in within the early limit
            _ = try await hall.bookings.checkIn(code: came.code)
            clock.set(minutes: 104)  // 09:44, a minute before 09:30 + 15
            _ = await service.markDue()  // a look of the service at 09:44, awaited
            #expect(try await state(hall, missed.code) == .booked, "not before the slot's end plus the grace")
            clock.set(minutes: 105)  // 09:45
            #expect(try await waitFor(.noShow, hall, missed.code), "marked with no one pressing anything")
            clock.set(minutes: 600)
            _ = await service.markDue()
            #expect(try await state(hall, came.code) == .checkedIn, "a checked-in booking never becomes a no-show")
        }
    }

    @Test func theSleepIsComputedFromTheStoreAndBounded() async throws {
        let clock = ManualClock(AppointmentAPITests.monday8)
        let hall = try await hall(clock)
        let service = NoShowService(bookings: hall.bookings, logger: hall.logger, longestSleep: .seconds(60))
        #expect(await service.markDue() == .seconds(60), "nothing booked: the bounded sleep")
        _ = try await book(hall, id: AppointmentAPITests.idNumber(103))
        #expect(await service.markDue() == .seconds(60), "due at 09:45, beyond the bound")
        clock.set(minutes: 104.5)  // 09:44:30
        let sleep = await service.markDue()
        #expect(sleep > .milliseconds(30_900) && sleep < .milliseconds(31_100), "to 09:45:00, and a second more: \(sleep)")
    }

    @Test func threeNoShowsBlockTheNextBookingNamingTheDayTheBlockEnds() async throws {
        let clock = ManualClock(AppointmentAPITests.monday8)
        let hall = try await hall(clock)
        let id = AppointmentAPITests.idNumber(104)
        var codes: [String] = []
        for (item, start) in [(Self.renewal, "2026-12-07T09:00:00+08:00"), ("newborn", "2026-12-08T09:00:00+08:00"),
                              ("real-estate-registration-records-inquiry", "2026-12-11T09:00:00+08:00")] {
            codes.append(try await book(hall, item, start: start, id: id).code)
        }
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        try await running(hall) { _ in
            clock.set(minutes: 5 * 24 * 60)  // Saturday 2026-12-12 08:00
            for code in codes { #expect(try await waitFor(.noShow, hall, code)) }
            try await app.test(.router) { client in
                let body = AppointmentAPITests.bookBody(start: "2026-12-14T09:00:00+08:00", id: id)
                try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil, body: body) {
                    #expect($0.status == .conflict)
                    let error = try json($0.body)["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "booking_blocked")
                    // The latest no-show was on 2026-12-11: blocked for the 30 days after it.
                    #expect((error?["message"] as? String)?.contains("2027-01-11") == true, "\(String(describing: error))")
                }
                // Another person books the same slot.
                try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil,
                                         body: AppointmentAPITests.bookBody(start: "2026-12-14T09:00:00+08:00", id: AppointmentAPITests.idNumber(105))) {
                    #expect($0.status == .created)
                }
            }
        }
    }
}
