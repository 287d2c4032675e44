/// Working days of the hall: Monday to Friday, less public holidays, plus the make-up
/// working days on weekends. Deadlines are counted in working days (限时办结; 好差评
/// rectification, seed 001 §二(四)4). Years with no holiday file count weekends only;
/// ``uncoveredYears(from:through:)`` tells which, so the hall can warn.
public struct WorkingCalendar: Sendable, Equatable {
    public private(set) var holidays: [CivilDay: String] = [:]
    public private(set) var makeUpWorkdays: Set<CivilDay> = []
    public private(set) var years: Set<Int> = []

    public init(years: [HolidayYear] = []) {
        for year in years {
            self.years.insert(year.year)
            for holiday in year.holidays { for day in holiday.days { holidays[day] = holiday.name } }
            makeUpWorkdays.formUnion(year.makeUpWorkdays)
        }
    }

    public func isWorkingDay(_ day: CivilDay) -> Bool {
        if makeUpWorkdays.contains(day) { return true }
        if holidays[day] != nil { return false }
        return !day.isWeekend
    }

    /// The holiday a day belongs to, if any.
    public func holiday(on day: CivilDay) -> String? { holidays[day] }

    /// The `count`-th working day after `start` (the start day itself is not counted, as
    /// a case accepted today is due N working days from tomorrow); `start` for 0.
    public func adding(workingDays count: Int, to start: CivilDay) -> CivilDay {
        var day = start
        var left = max(0, count)
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not later).
    public func workingDays(after from: CivilDay, through to: CivilDay) -> Int {
        guard to > from else { return 0 }
        return (from.ordinal + 1...to.ordinal).reduce(0) { $0 + (isWorkingDay(CivilDay(ordinal: $1)) ? 1 : 0) }
    }

    /// Years in the range with no holiday file loaded.
    public func uncoveredYears(from: CivilDay, through to: CivilDay) -> [Int] {
        Array(from.year...max(from.year, to.year)).filter { !years.contains($0) }
    }
}
