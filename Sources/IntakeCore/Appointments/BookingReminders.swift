/// When bookings are reminded (seed 004 §8.2.4: 预约到期前应…提醒): the `reminders` entry of
/// the hall layout's `appointments` section. Default: the evening before the slot's day at
/// 18:00 hall time, and one hour before the slot.
public struct ReminderSettings: Codable, Sendable, Hashable {
    /// Minute of the day before the slot's day (18:00 is 1080); nil sends no day-before reminder.
    public var dayBeforeMinute: Int?
    /// Minutes before the slot's start, one reminder each.
    public var minutesBefore: [Int]

    public init(dayBeforeMinute: Int? = 18 * 60, minutesBefore: [Int] = [60]) {
        self.dayBeforeMinute = dayBeforeMinute; self.minutesBefore = minutesBefore
    }

    enum CodingKeys: String, CodingKey { case dayBeforeAt, minutesBefore }

    /// `{"dayBeforeAt": "18:00", "minutesBefore": [60]}`; `"dayBeforeAt": null` turns the
    /// day-before reminder off, `[]` the others.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ReminderSettings()
        if c.contains(.dayBeforeAt) {
            if let text = try c.decodeIfPresent(String.self, forKey: .dayBeforeAt) {
                guard let band = TimeBand(text + "-24:00") else {
                    throw DecodingError.dataCorruptedError(forKey: .dayBeforeAt, in: c, debugDescription: "\"\(text)\" is not a time HH:MM")
                }
                dayBeforeMinute = band.start
            } else {
                dayBeforeMinute = nil
            }
        } else {
            dayBeforeMinute = d.dayBeforeMinute
        }
        minutesBefore = try c.decodeIfPresent([Int].self, forKey: .minutesBefore) ?? d.minutesBefore
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dayBeforeMinute.map(TimeBand.clock), forKey: .dayBeforeAt)
        try c.encode(minutesBefore, forKey: .minutesBefore)
    }

    /// What is wrong with the values, by field.
    public var problems: [(field: String, message: String)] {
        var found: [(String, String)] = []
        for minutes in minutesBefore where !(1...10_080).contains(minutes) {
            found.append(("reminders.minutesBefore", "\(minutes) is not 1–10080 minutes (a week)"))
        }
        if Set(minutesBefore).count != minutesBefore.count { found.append(("reminders.minutesBefore", "a value is given twice")) }
        return found
    }
}

/// One reminder of a booking: its name (`day-before`, `60-min-before`) and when it goes.
public struct PlannedReminder: Sendable, Hashable {
    public var name: String
    public var at: HallTime

    public init(name: String, at: HallTime) { self.name = name; self.at = at }
}

/// The reminders of a booking and the texts citizens get (seed 004 §8.2.4). A reminder
/// whose time has passed when the booking is made (or moved) is left out, not sent late.
public enum BookingReminderPlan {
    public static func reminders(before start: HallTime, settings: ReminderSettings, now: HallTime) -> [PlannedReminder] {
        var planned: [PlannedReminder] = []
        if let minute = settings.dayBeforeMinute {
            planned.append(PlannedReminder(name: "day-before", at: HallTime(day: start.day.adding(days: -1), minute: minute)))
        }
        for minutes in settings.minutesBefore.sorted(by: >) {
            planned.append(PlannedReminder(name: "\(minutes)-min-before", at: start.adding(minutes: -minutes)))
        }
        var times = Set<HallTime>()
        // Two settings landing on one moment would send the same text twice.
        return planned.filter { $0.at > now && $0.at < start && times.insert($0.at).inserted }
    }

    /// The outbox key of a reminder: with the slot's start, so a moved booking's reminders
    /// are new messages and never taken for the old ones.
    public static func dedupeKey(code: String, start: HallTime, name: String) -> String {
        "\(keyPrefix(code: code))\(start.day)T\(TimeBand.clock(start.minute)):\(name)"
    }

    /// What every reminder key of a booking starts with (to withdraw them all).
    public static func keyPrefix(code: String) -> String { "reminder:\(code):" }

    /// The outbox key of the notice that a closure cancelled a booking: one per booking.
    public static func closureNoticeKey(code: String) -> String { "closure:\(code)" }

    /// The reminder's text: the item, the slot, the hall and the code; never the ID number.
    public static func reminderText(hall: String, item: String, day: CivilDay, slot: TimeBand, code: String) -> String {
        "【\(hall)】预约提醒：您预约的“\(item)”在 \(day) \(slot)，预约码 \(code)。请携带有效证件按时到\(hall)签到；不能前来请提前取消预约。"
    }

    /// The notice that a supervisor's closure cancelled the booking, with the reason.
    public static func closureNoticeText(hall: String, item: String, day: CivilDay, slot: TimeBand, code: String, reason: String) -> String {
        "【\(hall)】预约取消通知：因\(reason)，您预约的“\(item)”（\(day) \(slot)，预约码 \(code)）已取消，请另行预约。现场取号办理不受影响。"
    }
}
