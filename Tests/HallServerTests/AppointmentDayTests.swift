import Foundation
@testable import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeStore
import Testing

/// The supervisor's day view and the export (R2; issue 14), on the demo hall on Monday
/// 2026-12-07 from 08:00 (Asia/Shanghai, UTC+8), with the figures worked out by hand.
@Suite("Appointments day view", .timeLimit(.minutes(2)))
struct AppointmentDayTests {
    static let renewal = AppointmentAPITests.renewal
    static let license = "business-license-change-registration"

    /// Six bookings of Monday: at renewal 09:00 one checked in (A), one missed (B), one
    /// cancelled (C); renewal 09:30 missed (D); renewal 10:00 still booked at 10:16 (F);
    /// newborn 09:00-10:00 missed (E). Two closures: renewal 14:00-15:00, and the licence's whole day.
    func monday() async throws -> (Hall, ManualClock, [String: Booking]) {
        let clock = ManualClock(AppointmentAPITests.monday8)
        var access = HallAccessSettings()
        access.bookingsPerMinute = 0
        let (hall, _) = try await makeTestHall(clock: clock.read, access: access)
        var made: [String: Booking] = [:]
        for (key, item, time, n) in [("A", Self.renewal, "09:00", 201), ("B", Self.renewal, "09:00", 202), ("C", Self.renewal, "09:00", 203),
                                     ("D", Self.renewal, "09:30", 204), ("E", "newborn", "09:00", 205), ("F", Self.renewal, "10:00", 206)] {
            made[key] = try await hall.bookings.book(offerID: item, start: ISO8601DateFormatter().date(from: "2026-12-07T\(time):00+08:00")!,
                                                     idNumber: AppointmentAPITests.idNumber(n), name: "王小明", phone: "13812345678")
        }
        _ = try await hall.bookings.store.cancel(code: made["C"]!.code, at: clock.read())
        clock.set(minutes: 50)
        _ = try await hall.bookings.checkIn(code: made["A"]!.code)
        clock.set(minutes: 136)  // 10:16: 09:30 + 15 and 10:00 + 15 have passed, 10:30 + 15 not
        try await hall.bookings.store.markNoShows(before: hall.bookings.now, settings: hall.layout.appointments, at: clock.read())
        let monday = CivilDay("2026-12-07")!
        try await hall.bookings.store.close(AppointmentClosure(day: monday, band: TimeBand("14:00-15:00"), offerID: Self.renewal, reason: "系统维护"),
                                            at: clock.read())
        try await hall.bookings.store.close(AppointmentClosure(day: monday, offerID: Self.license, reason: "窗口培训"), at: clock.read())
        return (hall, clock, made)
    }

    @Test func theDayWithItsFiguresPerSlotMaskedBookingsAndClosures() async throws {
        let (hall, _, made) = try await monday()
        let supervisor = try await hall.session("supervisor1"), clerk = try await hall.session("clerk4")
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/appointments/day?date=2026-12-07", method: .get, as: nil) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/appointments/day?date=2026-12-07", method: .get, as: clerk) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/appointments/day?date=7.12.", method: .get, as: supervisor) { #expect($0.status == .badRequest) }
            let day = try await client.execute(uri: "/api/v1/appointments/day?date=2026-12-07", method: .get, as: supervisor) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(!text.contains("王小明") && !text.contains("13812345678"), "masked only")
                for booking in made.values { #expect(!text.contains(booking.idNumber), "no full ID number") }
                return try json(response.body)
            }
            #expect(Set(day.keys) == ["date", "closures", "slots", "bookings"])
            #expect(day["date"] as? String == "2026-12-07")

            let closures = day["closures"] as? [[String: Any]] ?? []
            #expect(closures.count == 2)
            let hours = closures.first { $0["item"] as? String == Self.renewal }, wholeDay = closures.first { $0["item"] as? String == Self.license }
            #expect(hours?["from"] as? String == "14:00" && hours?["to"] as? String == "15:00" && hours?["reason"] as? String == "系统维护")
            #expect(wholeDay?["from"] is NSNull && wholeDay?["to"] is NSNull, "a whole day: from and to are null")
            #expect(wholeDay?["reason"] as? String == "窗口培训" && (wholeDay?["id"] as? Int) != nil)
            #expect(closures.allSatisfy { Set($0.keys) == ["id", "from", "to", "item", "reason"] })

            // Monday: renewal and the licence 13 slots of 30 minutes each (09:00-12:00, 13:30-17:00),
            // the records inquiry 9 + 10 of 20 minutes, the newborn bundle 6 of 60 minutes (3 + 13:30, 14:30, 15:30).
            let slots = day["slots"] as? [[String: Any]] ?? []
            #expect(slots.count == 51, "13 + 13 + 19 + 6")
            func slot(_ item: String, _ start: String) -> [String: Any]? {
                slots.first { $0["item"] as? String == item && $0["start"] as? String == start }
            }
            func figures(_ s: [String: Any]?) -> [Int] { ["capacity", "booked", "checkedIn", "noShows", "cancelled"].map { s?[$0] as? Int ?? -1 } }
            let nine = slot(Self.renewal, "2026-12-07T01:00:00Z")
            #expect(nine?["end"] as? String == "2026-12-07T01:30:00Z" && nine?["itemName"] as? String == "居民身份证换领")
            #expect(figures(nine) == [10, 0, 1, 1, 1], "A checked in, B missed, C cancelled")
            #expect(figures(slot(Self.renewal, "2026-12-07T01:30:00Z")) == [10, 0, 0, 1, 0], "D missed")
            #expect(figures(slot(Self.renewal, "2026-12-07T02:00:00Z")) == [10, 1, 0, 0, 0], "F still booked at 10:16")
            #expect(figures(slot("newborn", "2026-12-07T01:00:00Z")) == [4, 0, 0, 1, 0], "E missed")
            #expect(figures(slot(Self.renewal, "2026-12-07T06:00:00Z")) == [10, 0, 0, 0, 0], "closed at 14:00, still listed")
            let total = slots.reduce(into: [0, 0, 0, 0]) { sum, s in
                for (i, key) in ["booked", "checkedIn", "noShows", "cancelled"].enumerated() { sum[i] += s[key] as? Int ?? 0 }
            }
            #expect(total == [1, 1, 3, 1])

            let bookings = day["bookings"] as? [[String: Any]] ?? []
            #expect(bookings.count == 6)
            #expect(bookings.allSatisfy { Set($0.keys).isSubset(of: ["code", "item", "itemName", "start", "state", "maskedName", "maskedIDNumber", "checkedInAt"]) })
            let a = try #require(bookings.first { $0["code"] as? String == made["A"]?.code })
            #expect(a["state"] as? String == "checkedIn" && a["checkedInAt"] as? String == "2026-12-07T00:50:00Z")
            #expect(a["maskedName"] as? String == "王**" && a["maskedIDNumber"] as? String == "1101**********" + made["A"]!.idNumber.suffix(4))
            #expect(a["start"] as? String == "2026-12-07T01:00:00Z" && a["item"] as? String == Self.renewal)
            let states = Dictionary(uniqueKeysWithValues: bookings.map { ($0["code"] as? String ?? "", $0["state"] as? String ?? "") })
            #expect(states[made["B"]!.code] == "noShow" && states[made["C"]!.code] == "cancelled" && states[made["F"]!.code] == "booked")
            #expect(bookings.filter { $0["checkedInAt"] != nil }.count == 1)
            #expect(bookings.map { $0["start"] as? String ?? "" } == bookings.map { $0["start"] as? String ?? "" }.sorted(), "by slot")

            // A day without bookings or closures.
            let sunday = try await client.execute(uri: "/api/v1/appointments/day?date=2026-12-13", method: .get, as: supervisor) { try json($0.body) }
            #expect((sunday["slots"] as? [Any])?.isEmpty == true && (sunday["bookings"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func theExportIsMaskedUnlessAskedInFullAndThatIsAudited() async throws {
        let (hall, _, made) = try await monday()
        let supervisor = try await hall.session("supervisor1"), clerk = try await hall.session("clerk4")
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        try await app.test(.router) { client in
            let uri = "/api/v1/appointments/export?from=2026-12-07&to=2026-12-08"
            try await client.execute(uri: uri, method: .get, as: clerk) { #expect($0.status == .forbidden) }
            let masked = try await client.execute(uri: uri, method: .get, as: supervisor) { response in
                #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/csv") == true)
                return String(buffer: response.body)
            }
            let lines = masked.split(separator: "\r\n")
            #expect(lines.first == "code,item,itemName,date,slot,state,name,idNumber,phone,bookedAt,changedAt")
            #expect(lines.count == 7)
            #expect(!masked.contains("王小明") && !masked.contains("13812345678") && masked.contains("138****5678"))
            for booking in made.values { #expect(!masked.contains(booking.idNumber)) }
            #expect(try await hall.accounts.store.auditEntries(staffID: "supervisor1").isEmpty, "a masked export is no full read")

            let full = try await client.execute(uri: uri + "&full=true", method: .get, as: supervisor) { String(buffer: $0.body) }
            #expect(full.contains(made["A"]!.idNumber) && full.contains("王小明") && full.contains("13812345678"))
            let audit = try await hall.accounts.store.auditEntries(staffID: "supervisor1")
            #expect(audit.count == 1 && audit.first?.what == "appointments export in full")
            #expect(audit.first?.detail == "2026-12-07…2026-12-08, 6 bookings")
            try await client.execute(uri: "/api/v1/appointments/export?from=2026-12-08&to=2026-12-07", method: .get, as: supervisor) {
                #expect($0.status == .badRequest)
            }
        }
    }
}
