import Foundation
@testable import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeStore
import ServiceLifecycle
import Testing

/// Booking reminders and close-day notices at a real local HTTP receiver (R2; seed 004 §8.2.4;
/// issue 14 "must show"), on a hall clock moved by hand: each reminder arrives when its time
/// has come, a cancelled booking's never does, and a closure's notice arrives once per person.
/// The dispatcher sleeps in real time towards the next due message, so after moving the clock
/// the test wakes it, as a commit would.
@Suite("Appointment notifications at a receiver", .timeLimit(.minutes(2)))
struct AppointmentNotificationTests {
    typealias API = AppointmentRemindersTests

    func dispatching<T>(_ hall: Hall, port: Int, _ body: () async throws -> T) async throws -> T {
        try await NotificationDispatchTests().dispatching(hall, WebhookNotifier(url: "http://127.0.0.1:\(port)/sms", timeoutSeconds: 5), body)
    }

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func remindersArriveAtTheirTimesAndACancelledBookingsNever() async throws {
        let clock = ManualClock(AppointmentAPITests.monday8)
        let (hall, app) = try await API.hall(clock)
        let receiver = WebhookReceiver()
        let port = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let kept = API.idNumber(1), dropped = API.idNumber(2)
        let (code, cancelledCode) = try await dispatching(hall, port: port) {
            let codes: (String, String) = try await app.test(.router) { client in
                let code = try await API.book(client, start: "2026-12-08T09:00:00+08:00", id: kept, phone: "13900000001")
                let other = try await API.book(client, start: "2026-12-08T09:00:00+08:00", id: dropped, phone: "13900000002")
                try await client.execute(uri: "/api/v1/appointments/\(other)?id4=\(dropped.suffix(4))", method: .delete, as: nil) {
                    #expect($0.status == .ok)
                }
                return (code, other)
            }
            // Not yet: Monday 17:59 is before the evening reminder.
            clock.set(minutes: 9 * 60 + 59)
            hall.notifications.wake()
            let marker = NewNotification(dedupeKey: "marker-1", kind: "test", recipient: "13700000000", text: "marker", notBefore: clock.read())
            try await hall.notifications.outbox.enqueue(marker, at: clock.read())
            let early = try await receiver.wait("the marker") { $0.contains { $0.json["text"] == "marker" } }
            #expect(early.count == 1, "nothing but the marker before 18:00: \(early.map { $0.json["kind"] ?? "" })")
            // Monday 18:00: the day-before reminder of the kept booking.
            clock.set(minutes: 10 * 60)
            hall.notifications.wake()
            let evening = try await receiver.wait("the day-before reminder") { $0.contains { $0.json["kind"] == "reminder" } }
            let dayBefore = try #require(evening.first { $0.json["kind"] == "reminder" })
            #expect(dayBefore.json["to"] == "13900000001")
            let text = dayBefore.json["text"] ?? ""
            #expect(text.contains(codes.0) && text.contains("2026-12-08 09:00-09:30") && !text.contains(kept))
            // Tuesday 08:00: the hour-before one.
            clock.set(minutes: 24 * 60)
            hall.notifications.wake()
            _ = try await receiver.wait("the hour-before reminder") { $0.filter { $0.json["kind"] == "reminder" }.count >= 2 }
            // Messages go one after another: once the next is here, the reminder is recorded as sent.
            try await hall.notifications.outbox.enqueue(NewNotification(
                dedupeKey: "marker-2", kind: "test", recipient: "13700000000", text: "marker 2", notBefore: clock.read()), at: clock.read())
            _ = try await receiver.wait("the second marker") { $0.contains { $0.json["text"] == "marker 2" } }
            return codes
        }
        // The dispatcher has stopped: what arrived is final.
        let reminders = receiver.arrivals.filter { $0.json["kind"] == "reminder" }
        #expect(reminders.count == 2, "\(reminders)")
        #expect(reminders.allSatisfy { $0.json["to"] == "13900000001" && $0.json["text"]?.contains(cancelledCode) == false })
        #expect(Set(reminders.compactMap(\.idempotencyKey)).count == 2)
        let message = try #require(try await hall.notifications.outbox.message(dedupeKey: "reminder:\(code):2026-12-08T09:00:60-min-before"))
        let sentAt = try #require(message.sentAt)
        #expect(message.state == NotificationState.sent && sentAt >= Self.at("2026-12-08T08:00:00+08:00"))
        let withdrawn = try await hall.notifications.outbox.message(dedupeKey: "reminder:\(cancelledCode):2026-12-08T09:00:day-before")
        #expect(withdrawn?.state == .withdrawn)
    }

    @Test func aCloseDayNoticeArrivesOncePerPerson() async throws {
        let clock = ManualClock(AppointmentAPITests.monday8)
        let (hall, app) = try await API.hall(clock)
        let supervisor = try await hall.session("supervisor1")
        let receiver = WebhookReceiver(answering: [503])  // the first notice is refused once, then retried
        let port = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let phones = ["13900000001", "13900000002", "13900000003"]
        try await dispatching(hall, port: port) {
            try await app.test(.router) { client in
                for (n, phone) in phones.enumerated() {
                    _ = try await API.book(client, start: "2026-12-09T\(n == 2 ? "14:00" : "09:00"):00+08:00", id: API.idNumber(n + 1), phone: phone)
                }
                let close = #"{"date": "2026-12-09", "reason": "大厅设备检修"}"#
                try await client.execute(uri: "/api/v1/appointments/closures", method: .post, as: supervisor, body: close) {
                    #expect($0.status == .created)
                    let cancelled = try json($0.body)["cancelled"] as? [Any]
                    #expect(cancelled?.count == 3)
                }
                // The refused one is retried after its backoff, on the hall's clock.
                // The others follow the refused one, so once they are here its failure is recorded.
                _ = try await receiver.wait("the refusal and the others") { $0.count >= 3 }
                clock.set(minutes: 1)
                hall.notifications.wake()
                _ = try await receiver.wait("a notice to each person") { arrivals in
                    Set(arrivals.filter { $0.status == 200 && $0.json["kind"] == "booking-cancelled" }.compactMap { $0.json["to"] }) == Set(phones)
                }
                // Closing again (an overlapping closure) finds nothing left to cancel, so tells no one.
                try await client.execute(uri: "/api/v1/appointments/closures", method: .post, as: supervisor,
                                         body: #"{"date": "2026-12-09", "from": "09:00", "to": "12:00", "reason": "再次检修"}"#) {
                    #expect($0.status == .created)
                    let cancelled = try json($0.body)["cancelled"] as? [Any]
                    #expect(cancelled?.isEmpty == true)
                }
                try await hall.notifications.outbox.enqueue(NewNotification(
                    dedupeKey: "marker", kind: "test", recipient: "13700000000", text: "marker", notBefore: clock.read()), at: clock.read())
                _ = try await receiver.wait("the marker after the second closure") { $0.contains { $0.json["text"] == "marker" } }
            }
        }
        let notices = receiver.accepted.filter { $0.json["kind"] == "booking-cancelled" }
        #expect(notices.count == 3, "\(notices)")
        #expect(notices.compactMap { $0.json["to"] }.sorted() == phones)
        #expect(notices.allSatisfy { $0.json["text"]?.contains("大厅设备检修") == true && $0.json["text"]?.contains("2026-12-09") == true })
        #expect(receiver.arrivals.filter { $0.json["kind"] == "reminder" }.isEmpty, "the cancelled bookings' reminders were withdrawn, not sent")
    }
}
