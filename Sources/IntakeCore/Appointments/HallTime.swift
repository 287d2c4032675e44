/// A moment on the hall's wall clock: a day and the minute of that day in the hall's time
/// zone. Appointment rules take "now" as one of these, so the core never reads a clock.
public struct HallTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var day: CivilDay
    public var minute: Int

    public init(day: CivilDay, minute: Int) {
        // Minutes past midnight (or before it) roll into the next (or previous) day.
        let total = day.ordinal * 1440 + minute
        let ordinal = total >= 0 ? total / 1440 : (total - 1439) / 1440
        self.day = CivilDay(ordinal: ordinal); self.minute = total - ordinal * 1440
    }

    public func adding(minutes: Int) -> HallTime { HallTime(day: day, minute: minute + minutes) }

    /// Minutes from `self` to `other` (negative when `other` is earlier).
    public func minutes(to other: HallTime) -> Int {
        (other.day.ordinal - day.ordinal) * 1440 + other.minute - minute
    }

    public static func < (a: HallTime, b: HallTime) -> Bool { a.day != b.day ? a.day < b.day : a.minute < b.minute }

    /// `2026-12-07 09:00`.
    public var description: String { "\(day) \(TimeBand.clock(minute))" }
}
