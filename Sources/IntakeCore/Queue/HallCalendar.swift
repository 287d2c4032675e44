#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The hall's calendar: turns an instant (passed in, never read here) into the service day
/// and minute of day in the hall's own time zone.
public struct HallCalendar: Sendable {
    public let timeZone: TimeZone
    fileprivate let calendar: Calendar

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// `2026-11-22`.
    public func serviceDay(of date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        func pad(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(c.year!, 4))-\(pad(c.month!, 2))-\(pad(c.day!, 2))"
    }

    public func minuteOfDay(of date: Date) -> Int {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return c.hour! * 60 + c.minute!
    }

    /// The instant a minute of the given day begins (for band counts).
    public func instant(day date: Date, minuteOfDay: Int) -> Date {
        let midnight = calendar.startOfDay(for: date)
        return midnight.addingTimeInterval(TimeInterval(minuteOfDay * 60))
    }
}

extension HallCalendar {
    /// The instant a hall-local day begins (a report's first instant, its end's next day).
    public func start(of day: CivilDay) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }
}
