/// One year of the State Council's holiday arrangement (国务院办公厅关于部分节假日安排的通知):
/// the public holidays and the make-up working days (调休上班) that fall on weekends. One
/// file per year, e.g. `calendar/2026.json`; checked when loaded.
public struct HolidayYear: Codable, Sendable, Equatable {
    public var year: Int
    public var holidays: [Holiday]
    /// Weekend days that are working days in exchange for a longer holiday.
    public var makeUpWorkdays: [CivilDay]
    public var source: String?

    public struct Holiday: Codable, Sendable, Equatable {
        public var name: String
        public var from: CivilDay
        public var to: CivilDay

        public init(name: String, from: CivilDay, to: CivilDay) { self.name = name; self.from = from; self.to = to }

        public var days: [CivilDay] {
            from <= to ? (from.ordinal...to.ordinal).map(CivilDay.init(ordinal:)) : []
        }
    }

    public init(year: Int, holidays: [Holiday], makeUpWorkdays: [CivilDay], source: String? = nil) {
        self.year = year; self.holidays = holidays; self.makeUpWorkdays = makeUpWorkdays; self.source = source
    }

    /// Every mistake in the file, located by entry and field.
    public func problems(file: String) -> [CatalogIssue] {
        var issues: [CatalogIssue] = []
        func add(_ entry: String, _ field: String, _ message: String) {
            issues.append(CatalogIssue(file: file, entry: entry, field: field, message: message))
        }
        if !(2000...2200).contains(year) { add("", "year", "must be a year such as 2026, got \(year)") }
        var off = Set<CivilDay>()
        for (i, holiday) in holidays.enumerated() {
            let entry = "holidays[\(i)] (\(holiday.name))"
            if holiday.name.isEmpty { add(entry, "name", "must not be empty") }
            if holiday.to < holiday.from { add(entry, "to", "\(holiday.to) is before \(holiday.from)") }
            if holiday.to.ordinal - holiday.from.ordinal > 15 { add(entry, "to", "a holiday of more than 16 days is a typing mistake") }
            // A holiday may start in the year before (元旦 can span 12-31 to 01-02).
            for day in holiday.days where abs(day.year - year) > 1 { add(entry, "from", "\(day) is far from \(year)"); break }
            if !holiday.days.contains(where: { $0.year == year }) { add(entry, "from", "no day of it falls in \(year)") }
            if let shared = holiday.days.first(where: off.contains) { add(entry, "from", "\(shared) is in an earlier holiday too") }
            off.formUnion(holiday.days)
        }
        for (i, day) in makeUpWorkdays.enumerated() {
            if abs(day.year - year) > 1 { add("makeUpWorkdays[\(i)]", "", "\(day) is far from \(year)") }
            if !day.isWeekend { add("makeUpWorkdays[\(i)]", "", "\(day) is a weekday already: a make-up working day falls on a Saturday or Sunday") }
            if off.contains(day) { add("makeUpWorkdays[\(i)]", "", "\(day) is also listed as a holiday") }
        }
        return issues
    }
}
