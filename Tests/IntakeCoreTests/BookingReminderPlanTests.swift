import Foundation
import IntakeCore
import Testing

/// When bookings are reminded (seed 004 §8.2.4): the layout's `appointments.reminders`, the
/// times they give, and those past at booking left out.
@Suite("Booking reminder plan")
struct BookingReminderPlanTests {
    let tuesday9 = HallTime(day: CivilDay("2026-12-08")!, minute: 9 * 60)

    @Test func theDayBeforeAtItsHourAndAnHourBeforeByDefault() {
        let plan = BookingReminderPlan.reminders(before: tuesday9, settings: ReminderSettings(), now: HallTime(day: CivilDay("2026-12-07")!, minute: 480))
        #expect(plan == [PlannedReminder(name: "day-before", at: HallTime(day: CivilDay("2026-12-07")!, minute: 18 * 60)),
                         PlannedReminder(name: "60-min-before", at: HallTime(day: CivilDay("2026-12-08")!, minute: 8 * 60))])
        #expect(BookingReminderPlan.dedupeKey(code: "K7Q2X8M4", start: tuesday9, name: "day-before") == "reminder:K7Q2X8M4:2026-12-08T09:00:day-before")
        #expect(BookingReminderPlan.dedupeKey(code: "K7Q2X8M4", start: tuesday9, name: "x").hasPrefix(BookingReminderPlan.keyPrefix(code: "K7Q2X8M4")))
    }

    @Test func aTimeAlreadyPastOrTwiceTheSameIsLeftOut() {
        let evening = HallTime(day: CivilDay("2026-12-07")!, minute: 19 * 60)
        #expect(BookingReminderPlan.reminders(before: tuesday9, settings: ReminderSettings(), now: evening).map(\.name) == ["60-min-before"])
        #expect(BookingReminderPlan.reminders(before: tuesday9, settings: ReminderSettings(), now: tuesday9.adding(minutes: -60)).isEmpty)
        let same = ReminderSettings(dayBeforeMinute: 18 * 60, minutesBefore: [900, 60])
        let plan = BookingReminderPlan.reminders(before: tuesday9, settings: same, now: evening.adding(minutes: -120))
        #expect(plan.map(\.name) == ["day-before", "60-min-before"], "900 minutes before is 18:00 the day before: one message")
    }

    @Test func theSectionIsReadAndChecked() throws {
        let decoded = try JSONDecoder().decode(ReminderSettings.self, from: Data(#"{"dayBeforeAt": "20:30", "minutesBefore": [120, 30]}"#.utf8))
        #expect(decoded == ReminderSettings(dayBeforeMinute: 20 * 60 + 30, minutesBefore: [120, 30]))
        #expect(try JSONDecoder().decode(ReminderSettings.self, from: Data(#"{"dayBeforeAt": null}"#.utf8)).dayBeforeMinute == nil)
        #expect(try JSONDecoder().decode(ReminderSettings.self, from: Data("{}".utf8)) == ReminderSettings())
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReminderSettings.self, from: Data(#"{"dayBeforeAt": "6pm"}"#.utf8)) }
        #expect(ReminderSettings(minutesBefore: [0, 60, 60]).problems.count == 2)
        let text = BookingReminderPlan.reminderText(hall: "示例大厅", item: "新生儿出生", day: tuesday9.day, slot: TimeBand("09:00-09:30")!, code: "K7Q2X8M4")
        #expect(text.contains("示例大厅") && text.contains("新生儿出生") && text.contains("2026-12-08 09:00-09:30") && text.contains("K7Q2X8M4"))
    }
}
