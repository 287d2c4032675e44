import Foundation
import HallServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /api/v1/appointments/offers` (R2; seed 004 §8.2.1): the booking page's list of what
/// can be booked and on which days, on the demo hall at Monday 2026-12-07 08:00.
@Suite("Appointment offers", .timeLimit(.minutes(2)))
struct AppointmentOfferTests {
    @Test func theBookableOffersWithTheDaysThatHaveSlots() async throws {
        let clock = ManualClock(AppointmentAPITests.monday8)
        let (hall, _) = try await makeTestHall(clock: clock.read)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false)
        try await app.test(.router) { client in
            let answer = try await client.execute(uri: "/api/v1/appointments/offers", method: .get, as: nil) {
                #expect($0.status == .ok)
                return try json($0.body)
            }
            #expect(answer["today"] as? String == "2026-12-07")
            let offers = answer["offers"] as? [[String: Any]] ?? []
            #expect(offers.map { $0["id"] as? String } == [AppointmentAPITests.renewal, "business-license-change-registration",
                                                             "real-estate-registration-records-inquiry", "newborn"])
            let renewal = try #require(offers.first)
            #expect(renewal["kind"] as? String == "item" && renewal["capacity"] as? Int == 10 && renewal["slotMinutes"] as? Int == 30)
            #expect((renewal["name"] as? String)?.isEmpty == false)
            let days = renewal["days"] as? [String] ?? []
            #expect(days.first == "2026-12-07" && days.last == "2026-12-21", "today through 14 days ahead")
            #expect(days.contains("2026-12-12") && !days.contains("2026-12-13"), "Saturday mornings are bookable for this item, Sundays not")
            #expect(days.count == 13)
            #expect(offers.last?["kind"] as? String == "bundle")
        }
        // After the day's last slot has begun, today is no longer offered.
        clock.set(minutes: 8 * 60 + 45)  // 16:45
        try await app.test(.router) { client in
            let answer = try await client.execute(uri: "/api/v1/appointments/offers", method: .get, as: nil) { try json($0.body) }
            let days = (answer["offers"] as? [[String: Any]])?.first?["days"] as? [String] ?? []
            #expect(days.first == "2026-12-08")
        }
    }
}
