import Foundation
@testable import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeStore
import Testing

/// Reminders, rescheduling and closures of bookings (R2; seed 004 §8.2.4; issue 14) through
/// the API on a clock set by hand (Monday 2026-12-07 08:00, Asia/Shanghai): a booking's
/// reminders are queued with it, moved with it and withdrawn with it; a supervisor's closure
/// cancels what it covers, queues one notice per booking and lists them.
@Suite("Appointment reminders and closures", .timeLimit(.minutes(3)))
struct AppointmentRemindersTests {
    static let renewal = AppointmentAPITests.renewal
    static func idNumber(_ n: Int) -> String { AppointmentAPITests.idNumber(n) }

    static func bookBody(_ item: String = renewal, start: String, id: String, phone: String = "13812345678") -> String {
        #"{"item": "\#(item)", "start": "\#(start)", "idNumber": "\#(id)", "name": "王小明", "phone": "\#(phone)"}"#
    }

    static func hall(_ clock: ManualClock) async throws -> (Hall, Application<RouterResponder<HallRequestContext>>) {
        var access = HallAccessSettings()
        access.bookingsPerMinute = 0
        let (hall, _) = try await makeTestHall(clock: clock.read, access: access)
        return (hall, Application(router: HallApplication.router(for: hall, simulator: false)))
    }

    static func book(_ client: some TestClientProtocol, start: String, id: String, item: String = renewal, phone: String = "13812345678") async throws -> String {
        try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil, body: bookBody(item, start: start, id: id, phone: phone)) {
            #expect($0.status == .created, "\(String(buffer: $0.body))")
            return try #require(try json($0.body)["code"] as? String)
        }
    }

    /// The booking's reminders in the outbox, by key.
    static func reminders(_ hall: Hall, _ code: String) async throws -> [String: NotificationMessage] {
        let all = try await hall.notifications.outbox.recent(limit: 500)
        return Dictionary(uniqueKeysWithValues: all.filter { $0.dedupeKey.hasPrefix("reminder:\(code):") }.map { ($0.dedupeKey, $0) })
    }

    @Test func aBookingQueuesItsRemindersWithItAndSkipsThosePast() async throws {
        let clock = ManualClock(AppointmentAPITests.monday8)
        let (hall, app) = try await Self.hall(clock)
        let id = Self.idNumber(1)
        try await app.test(.router) { client in
            let tuesday = try await Self.book(client, start: "2026-12-08T09:00:00+08:00", id: id)
            let pending = try await Self.reminders(hall, tuesday)
            #expect(pending.keys.sorted() == ["reminder:\(tuesday):2026-12-08T09:00:60-min-before", "reminder:\(tuesday):2026-12-08T09:00:day-before"])
            let dayBefore = try #require(pending["reminder:\(tuesday):2026-12-08T09:00:day-before"])
            #expect(dayBefore.nextAttemptAt == ISO8601DateFormatter().date(from: "2026-12-07T18:00:00+08:00"))
            #expect(pending["reminder:\(tuesday):2026-12-08T09:00:60-min-before"]?.nextAttemptAt == ISO8601DateFormatter().date(from: "2026-12-08T08:00:00+08:00"))
            #expect(dayBefore.recipient == "13812345678" && dayBefore.kind == "reminder" && dayBefore.state == .pending)
            for part in ["居民身份证换领", "2026-12-08 09:00-09:30", tuesday, hall.layout.hallName] {
                #expect(dayBefore.text.contains(part), "\(dayBefore.text) names \(part)")
            }
            #expect(!dayBefore.text.contains(id) && !dayBefore.text.contains(String(id.suffix(6))), "never the ID number")
            // Today at 10:00: the evening before has passed, so only the hour before is queued.
            let today = try await Self.book(client, start: "2026-12-07T10:00:00+08:00", id: Self.idNumber(2))
            #expect(try await Self.reminders(hall, today).keys.sorted() == ["reminder:\(today):2026-12-07T10:00:60-min-before"])
            // Today at 09:00: both reminder times are now or past; none is sent late.
            let soon = try await Self.book(client, start: "2026-12-07T09:00:00+08:00", id: Self.idNumber(3))
            #expect(try await Self.reminders(hall, soon).isEmpty)
            // Cancelled: its reminders are withdrawn.
            try await client.execute(uri: "/api/v1/appointments/\(tuesday)?id4=\(id.suffix(4))", method: .delete, as: nil) { #expect($0.status == .ok) }
            #expect(try await Self.reminders(hall, tuesday).values.allSatisfy { $0.state == .withdrawn })
        }
    }

    @Test func rescheduleKeepsTheBookingAndMovesItsReminders() async throws {
        let clock = ManualClock(AppointmentAPITests.monday8)
        let (hall, app) = try await Self.hall(clock)
        let id = Self.idNumber(10), id4 = String(Self.idNumber(10).suffix(4))
        try await app.test(.router) { client in
            let code = try await Self.book(client, start: "2026-12-08T09:00:00+08:00", id: id)
            func move(_ start: String, id4: String = id4, _ status: HTTPResponse.Status, _ error: String? = nil) async throws -> [String: Any] {
                try await client.execute(uri: "/api/v1/appointments/\(code)/reschedule?id4=\(id4)", method: .post, as: nil,
                                         body: #"{"start": "\#(start)"}"#) {
                    #expect($0.status == status, "\(start): \(String(buffer: $0.body))")
                    let answer = try json($0.body)
                    if let error { #expect((answer["error"] as? [String: Any])?["code"] as? String == error) }
                    return answer
                }
            }
            let moved = try await move("2026-12-09T10:00:00+08:00", .ok)
            #expect(moved["code"] as? String == code && moved["date"] as? String == "2026-12-09" && moved["slot"] as? String == "10:00-10:30")
            #expect(moved["state"] as? String == "booked" && moved["holder"] as? String == "王**")
            let reminders = try await Self.reminders(hall, code)
            #expect(reminders.filter { $0.value.state == .pending }.keys.sorted() == [
                "reminder:\(code):2026-12-09T10:00:60-min-before", "reminder:\(code):2026-12-09T10:00:day-before"])
            #expect(reminders.filter { $0.value.state == .withdrawn }.count == 2, "the old slot's reminders are withdrawn")
            // Refused as a booking is, and the booking stays where it was.
            _ = try await move("2026-12-13T09:00:00+08:00", .conflict, "slot_closed")
            _ = try await move("2026-12-07T07:00:00+08:00", .conflict, "slot_closed")
            _ = try await move("2026-12-09T10:00:00+08:00", id4: "0000", .notFound)
            for n in 20..<30 { _ = try await Self.book(client, start: "2026-12-10T09:00:00+08:00", id: Self.idNumber(n)) }
            _ = try await move("2026-12-10T09:00:00+08:00", .conflict, "slot_full")
            try await client.execute(uri: "/api/v1/appointments/\(code)?id4=\(id4)", method: .get, as: nil) {
                let j = try json($0.body); #expect(j["date"] as? String == "2026-12-09")
            }
            // Back to the first slot: its reminders are called back in.
            _ = try await move("2026-12-08T09:00:00+08:00", .ok)
            #expect(try await Self.reminders(hall, code).filter { $0.value.state == .pending }.keys.sorted() == [
                "reminder:\(code):2026-12-08T09:00:60-min-before", "reminder:\(code):2026-12-08T09:00:day-before"])
            try await client.execute(uri: "/api/v1/appointments/\(code)?id4=\(id4)", method: .delete, as: nil) { #expect($0.status == .ok) }
            _ = try await move("2026-12-09T10:00:00+08:00", .conflict, "not_active")
            #expect(try await Self.reminders(hall, code).values.allSatisfy { $0.state == .withdrawn })
        }
    }

    @Test func closingHoursCancelsTheirBookingsWithANoticeAndAListForTheSupervisor() async throws {
        let clock = ManualClock(AppointmentAPITests.monday8)
        let (hall, app) = try await Self.hall(clock)
        let supervisor = try await hall.session("supervisor1"), clerk = try await hall.session("clerk4")
        try await app.test(.router) { client in
            let nine = try await Self.book(client, start: "2026-12-08T09:00:00+08:00", id: Self.idNumber(1), phone: "13900000001")
            let nineThirty = try await Self.book(client, start: "2026-12-08T09:30:00+08:00", id: Self.idNumber(2), phone: "13900000002")
            let ten = try await Self.book(client, start: "2026-12-08T10:00:00+08:00", id: Self.idNumber(3))
            let newborn = try await Self.book(client, start: "2026-12-08T09:00:00+08:00", id: Self.idNumber(4), item: "newborn")
            let body = #"{"date": "2026-12-08", "from": "09:00", "to": "10:00", "item": "\#(Self.renewal)", "reason": "系统升级"}"#
            try await client.execute(uri: "/api/v1/appointments/closures", method: .post, as: clerk, body: body) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/appointments/closures", method: .post, as: nil, body: body) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/appointments/closures", method: .post, as: supervisor,
                                     body: #"{"date": "2026-12-01", "reason": "x"}"#) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/appointments/closures", method: .post, as: supervisor,
                                     body: #"{"date": "2026-12-08", "reason": " "}"#) { #expect($0.status == .badRequest) }
            let closed = try await client.execute(uri: "/api/v1/appointments/closures", method: .post, as: supervisor, body: body) {
                #expect($0.status == .created, "\(String(buffer: $0.body))")
                #expect(!String(buffer: $0.body).contains("王小明") && !String(buffer: $0.body).contains("13900000001"))
                return try json($0.body)
            }
            let cancelled = try #require(closed["cancelled"] as? [[String: Any]])
            #expect(cancelled.compactMap { $0["code"] as? String } == [nine, nineThirty])
            #expect(cancelled.allSatisfy { $0["holder"] as? String == "王**" && $0["state"] as? String == "cancelled" })
            #expect(cancelled.first?["phone"] as? String == "139****0001" && cancelled.first?["slot"] as? String == "09:00-09:30")
            #expect((closed["message"] as? String)?.contains("2 个预约") == true)
            let closure = try #require(closed["closure"] as? [String: Any])
            #expect(closure["from"] as? String == "09:00" && closure["to"] as? String == "10:00" && closure["reason"] as? String == "系统升级")
            let closureID = try #require(closure["id"] as? Int)
            // One notice per cancelled booking, with the reason; the reminders are withdrawn.
            let notices = try await hall.notifications.outbox.recent(limit: 100).filter { $0.kind == "booking-cancelled" }
            #expect(notices.map(\.dedupeKey).sorted() == ["closure:\(nine)", "closure:\(nineThirty)"].sorted())
            #expect(notices.allSatisfy { $0.text.contains("系统升级") && $0.text.contains("2026-12-08") && $0.state == .pending })
            #expect(try await Self.reminders(hall, nine).values.allSatisfy { $0.state == .withdrawn })
            #expect(try await Self.reminders(hall, ten).values.allSatisfy { $0.state == .pending })
            for (code, n, state) in [(ten, 3, "booked"), (newborn, 4, "booked"), (nine, 1, "cancelled")] {
                try await client.execute(uri: "/api/v1/appointments/\(code)?id4=\(Self.idNumber(n).suffix(4))", method: .get, as: nil) {
                    let j = try json($0.body); #expect(j["state"] as? String == state)
                }
            }
            // The closed slots are gone from the day and refused for new bookings.
            let slots = try await client.execute(uri: "/api/v1/appointments/slots?item=\(Self.renewal)&date=2026-12-08", method: .get, as: nil) {
                try #require(try json($0.body)["slots"] as? [[String: Any]])
            }
            #expect(slots.count == 11 && slots.first?["start"] as? String == "2026-12-08T02:00:00Z")
            try await client.execute(uri: "/api/v1/appointments", method: .post, as: nil,
                                     body: Self.bookBody(start: "2026-12-08T09:30:00+08:00", id: Self.idNumber(5))) {
                #expect($0.status == .conflict && String(buffer: $0.body).contains("slot_closed"))
            }
            try await client.execute(uri: "/api/v1/appointments/closures?from=2026-12-08&to=2026-12-08", method: .get, as: supervisor) {
                let list = try #require(try json($0.body)["closures"] as? [[String: Any]])
                #expect(list.count == 1 && list.first?["id"] as? Int == closureID && list.first?["item"] as? String == Self.renewal)
            }
            try await client.execute(uri: "/api/v1/appointments/closures?from=2026-12-09", method: .get, as: supervisor) {
                let j = try json($0.body); #expect((j["closures"] as? [Any])?.isEmpty == true)
            }
            // Reopened: bookable again; the cancelled bookings stay cancelled, and the answer says so.
            try await client.execute(uri: "/api/v1/appointments/closures/\(closureID)", method: .delete, as: supervisor) {
                #expect($0.status == .ok)
                let j = try json($0.body); #expect((j["message"] as? String)?.contains("仍为已取消") == true)
            }
            try await client.execute(uri: "/api/v1/appointments/closures/\(closureID)", method: .delete, as: supervisor) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/appointments/\(nine)?id4=\(Self.idNumber(1).suffix(4))", method: .get, as: nil) {
                let j = try json($0.body); #expect(j["state"] as? String == "cancelled")
            }
            _ = try await Self.book(client, start: "2026-12-08T09:30:00+08:00", id: Self.idNumber(5))
            // A whole day for every item: nothing silent, the answer lists all that were left.
            try await client.execute(uri: "/api/v1/appointments/closures", method: .post, as: supervisor,
                                     body: #"{"date": "2026-12-08", "reason": "停电"}"#) {
                #expect($0.status == .created)
                let codes = (try json($0.body)["cancelled"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
                #expect(Set(codes).isSuperset(of: [ten, newborn]) && codes.count == 3)
            }
        }
    }
}
