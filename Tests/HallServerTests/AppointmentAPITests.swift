import Foundation
import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeStore
import Testing

/// The appointments API (R2; seed 004 §8.2) on the demo hall, on a clock set by hand:
/// Monday 2026-12-07 08:00 in Asia/Shanghai unless moved.
@Suite("Appointments API", .timeLimit(.minutes(5)))
struct AppointmentAPITests {
    static let monday8 = ISO8601DateFormatter().date(from: "2026-12-07T08:00:00+08:00")!
    static let renewal = "resident-id-card-renewal"

    /// A valid resident ID number for `n` (the GB 11643 check character computed here).
    static func idNumber(_ n: Int, born: String = "19800101") -> String {
        let body = "110105" + born + String(format: "%03d", n % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static func bookBody(_ item: String = renewal, start: String = "2026-12-07T09:00:00+08:00", id: String, name: String = "王小明") -> String {
        #"{"item": "\#(item)", "start": "\#(start)", "idNumber": "\#(id)", "name": "\#(name)", "phone": "13812345678"}"#
    }

    func app(clock: ManualClock, readers: Bool = false) async throws -> (Hall, some ApplicationProtocol) {
        var access = HallAccessSettings()
        access.bookingsPerMinute = 0  // these tests make many requests from one address on purpose
        let (hall, _) = try await makeTestHall(clock: clock.read, simulatedReaders: readers, access: access)
        return (hall, try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: readers, services: hall.deviceServices))
    }

    @Test func slotsOfADayWithTheirPlaces() async throws {
        let clock = ManualClock(Self.monday8)
        let (_, app) = try await app(clock: clock)
        try await app.test(.router) { client in
            let day = try await client.execute(uri: "/api/v1/appointments/slots?item=\(Self.renewal)&date=2026-12-07", method: .get, as: nil) {
                #expect($0.status == .ok)
                return try json($0.body)
            }
            let slots = day["slots"] as? [[String: Any]] ?? []
            #expect(slots.count == 13, "09:00-12:00 and 13:30-17:00 in slots of 30 minutes")
            #expect(slots.first?["start"] as? String == "2026-12-07T01:00:00Z")
            #expect(slots.first?["capacity"] as? Int == 10 && slots.first?["available"] as? Int == 10 && slots.first?["booked"] as? Int == 0)
            let saturday = try await client.execute(uri: "/api/v1/appointments/slots?item=\(Self.renewal)&date=2026-12-12", method: .get, as: nil) { try json($0.body) }
            #expect((saturday["slots"] as? [Any])?.count == 6, "this item is also bookable on Saturday mornings")
            let sunday = try await client.execute(uri: "/api/v1/appointments/slots?item=\(Self.renewal)&date=2026-12-13", method: .get, as: nil) { try json($0.body) }
            #expect((sunday["slots"] as? [Any])?.isEmpty == true)
            try await client.execute(uri: "/api/v1/appointments/slots?item=nothing&date=2026-12-07", method: .get, as: nil) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/appointments/slots?item=\(Self.renewal)&date=12/07", method: .get, as: nil) { #expect($0.status == .badRequest) }
        }
    }

    @Test func bookLookUpAndCancelWithTheCodeAndLastFourDigits() async throws {
        let clock = ManualClock(Self.monday8)
        let (_, app) = try await app(clock: clock)
        let id = Self.idNumber(1)
        try await app.test(.router) { client in
            let booking = try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil, body: Self.bookBody(id: id)) {
                #expect($0.status == .created)
                #expect(!String(buffer: $0.body).contains(id), "no full ID number in the answer")
                #expect(!String(buffer: $0.body).contains("王小明"))
                return try json($0.body)
            }
            let code = try #require(booking["code"] as? String)
            #expect(code.count == 8 && BookingCode.normalized(code) == code)
            #expect(booking["holder"] as? String == "王**" && booking["phone"] as? String == "138****5678")
            #expect(booking["idNumber"] as? String == "1101**********" + String(id.suffix(4)))
            #expect(booking["date"] as? String == "2026-12-07" && booking["slot"] as? String == "09:00-09:30" && booking["state"] as? String == "booked")
            try await client.execute(uri: "/api/v1/appointments/\(code)?id4=\(id.suffix(4))", method: .get, as: nil) {
                #expect($0.status == .ok)
                let found = try json($0.body)
                #expect(found["code"] as? String == code)
            }
            try await client.execute(uri: "/api/v1/appointments/\(code)?id4=0000", method: .get, as: nil) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/appointments/\(code.lowercased())?id4=\(id.suffix(4))", method: .get, as: nil) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/appointments/\(code)?id4=0000", method: .delete, as: nil) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/appointments/\(code)?id4=\(id.suffix(4))", method: .delete, as: nil) {
                #expect($0.status == .ok)
                let cancelled = try json($0.body)
                #expect(cancelled["state"] as? String == "cancelled")
            }
            try await client.execute(uri: "/api/v1/appointments/\(code)?id4=\(id.suffix(4))", method: .delete, as: nil) {
                #expect($0.status == .conflict)
                #expect(String(buffer: $0.body).contains("not_active"))
            }
        }
    }

    @Test func everyRefusalWithItsStatusAndCode() async throws {
        let clock = ManualClock(Self.monday8)
        let (hall, app) = try await app(clock: clock)
        try await app.test(.router) { client in
            func refused(_ body: String, _ status: HTTPResponse.Status, _ code: String, file: String = #file, line: Int = #line) async throws -> String {
                try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil, body: body) {
                    #expect($0.status == status, "\(String(buffer: $0.body))")
                    let error = try json($0.body)["error"] as? [String: Any]
                    #expect(error?["code"] as? String == code)
                    return error?["message"] as? String ?? ""
                }
            }
            _ = try await refused(Self.bookBody(id: "110105198001010012"), .unprocessableContent, "invalid_id_number")
            _ = try await refused(Self.bookBody(start: "2026-12-07T12:00:00+08:00", id: Self.idNumber(2)), .conflict, "slot_closed")
            _ = try await refused(Self.bookBody(start: "2026-12-13T09:00:00+08:00", id: Self.idNumber(2)), .conflict, "slot_closed")
            _ = try await refused(Self.bookBody(start: "2026-12-30T09:00:00+08:00", id: Self.idNumber(2)), .conflict, "slot_closed")
            try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil, body: Self.bookBody(id: Self.idNumber(2))) { #expect($0.status == .created) }
            let again = try await refused(Self.bookBody(start: "2026-12-08T10:00:00+08:00", id: Self.idNumber(2)), .conflict, "already_booked")
            #expect(again.contains("2026-12-07"), "names the existing booking's day")
            // business-license-change-registration takes 5 a slot.
            for n in 10..<15 {
                try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil,
                                         body: Self.bookBody("business-license-change-registration", id: Self.idNumber(n))) { #expect($0.status == .created) }
            }
            _ = try await refused(Self.bookBody("business-license-change-registration", id: Self.idNumber(15)), .conflict, "slot_full")
            // Three no-shows (demo: 3 within 180 days) block bookings for 30 days after the latest.
            let late = Self.idNumber(20)
            for item in [Self.renewal, "newborn", "real-estate-registration-records-inquiry"] {
                let start = item == "real-estate-registration-records-inquiry" ? "2026-12-11T09:00:00+08:00" : "2026-12-07T09:00:00+08:00"
                try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil, body: Self.bookBody(item, start: start, id: late)) { #expect($0.status == .created) }
            }
            clock.set(minutes: 5 * 24 * 60)  // Saturday 2026-12-12 08:00
            let marked = try await hall.bookings.store.markNoShows(before: HallTime(day: CivilDay("2026-12-12")!, minute: 480),
                                                                   settings: hall.layout.appointments, at: clock.read())
            #expect(marked.count == 3 + 1 + 5, "with the earlier bookings of this test")
            let blocked = try await refused(Self.bookBody(start: "2026-12-14T09:00:00+08:00", id: late), .conflict, "booking_blocked")
            #expect(blocked.contains("2027-01-11"), "names the day bookings are possible again: \(blocked)")
        }
    }

    @Test func checkInByCodeWithinTheLimitsAndAfterTheLateOne() async throws {
        let clock = ManualClock(Self.monday8)
        let (hall, app) = try await app(clock: clock)
        let kiosk = try await hall.kioskToken()
        try await app.test(.router) { client in
            var codes: [String] = []
            for n in 0..<2 {
                codes.append(try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil, body: Self.bookBody(id: Self.idNumber(30 + n))) {
                    try #require(json($0.body)["code"] as? String)
                })
            }
            try await client.execute(uri: "/api/v1/appointments/\(codes[0])/check-in", method: .post, as: nil) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/appointments/\(codes[0])/check-in", method: .post, as: kiosk) {
                #expect($0.status == .conflict)
                let error = try json($0.body)["error"] as? [String: Any]
                #expect(error?["code"] as? String == "too_early" && (error?["message"] as? String)?.contains("08:30") == true)
            }
            clock.set(minutes: 45)  // 08:45, within 30 minutes early
            let onTime = try await client.execute(uri: "/api/v1/appointments/\(codes[0])/check-in", method: .post, as: kiosk) {
                #expect($0.status == .created)
                return try json($0.body)
            }
            #expect(onTime["late"] as? Bool == false)
            let ticket = onTime["ticket"] as? [String: Any] ?? [:]
            #expect((ticket["holder"] as? [String: Any])?["maskedName"] as? String == "王**", "real-name, masked")
            #expect((onTime["booking"] as? [String: Any])?["state"] as? String == "checkedIn")
            try await client.execute(uri: "/api/v1/appointments/\(codes[0])/check-in", method: .post, as: kiosk) { #expect($0.status == .conflict) }
            clock.set(minutes: 76)  // 09:16, a minute past the late limit
            let late = try await client.execute(uri: "/api/v1/appointments/\(codes[1])/check-in", method: .post, as: kiosk) {
                #expect($0.status == .created)
                return try json($0.body)
            }
            #expect(late["late"] as? Bool == true && (late["message"] as? String)?.contains("现场取号") == true)
            let tickets = try await hall.store.day("2026-12-07").tickets
            #expect(tickets.filter(\.isAppointment).count == 1, "only the on-time one ranks as an appointment")
            try await client.execute(uri: "/api/v1/appointments/ZZZZZZZZ/check-in", method: .post, as: kiosk) { #expect($0.status == .notFound) }
        }
    }

    /// The must-show: a card laid on the simulated kiosk reader checks its holder in, and
    /// window 1 calls that ticket after the priority lane and before walk-ins issued earlier.
    @Test func cardCheckInIsCalledAfterThePriorityLaneAndBeforeEarlierWalkIns() async throws {
        let clock = ManualClock(Self.monday8)
        let (hall, app) = try await app(clock: clock, readers: true)
        let kiosk = try await hall.kioskToken()
        let card = try #require(HallFiles.sampleCard("resident"))
        let reader = try #require(hall.readers.reader("kiosk-1"))
        try await app.test(.live) { client in
            try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil,
                                     body: Self.bookBody(id: card.number, name: card.name)) { #expect($0.status == .created) }
            clock.set(minutes: 40)
            for body in [#"{"queue": "general"}"#, #"{"queue": "one-thing"}"#, #"{"queue": "general", "priority": "pregnant"}"#] {
                try await client.execute(uri: "/api/v1/tickets", method: .post, as: kiosk, body: body) { #expect($0.status == .created) }
            }
            clock.set(minutes: 50)
            // Without a card on the reader: refused, and nothing is checked in.
            try await client.execute(uri: "/api/v1/appointments/check-in", method: .post, as: kiosk, body: #"{"reader": "kiosk-1"}"#) {
                #expect($0.status == .conflict)
            }
            let events = await reader.driver.events()
            reader.simulator?.place(card)
            for await event in events { if case .cardRead = event { break } }
            let checkedIn = try await client.execute(uri: "/api/v1/appointments/check-in", method: .post, as: kiosk, body: #"{"reader": "kiosk-1"}"#) {
                #expect($0.status == .created, "\(String(buffer: $0.body))")
                return try json($0.body)
            }
            let number = try #require((checkedIn["ticket"] as? [String: Any])?["number"] as? String)
            #expect((checkedIn["ticket"] as? [String: Any])?["holder"] != nil)
            clock.set(minutes: 55)
            var called: [String] = []
            for _ in 0..<4 {
                called.append(try await hall.store.callNext(window: "1", at: clock.read()).number)
                _ = try await hall.store.act(window: "1", .noShow, at: clock.read().addingTimeInterval(600))
            }
            #expect(called == ["A002", number, "A001", "B001"], "priority lane, then the appointment, then earlier walk-ins")
        }
    }
}
