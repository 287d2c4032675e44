/// What a hall lets citizens book for one service item or bundle (R2; seed 004 §8.2.1–8.2.2):
/// how many days ahead, the opening hours per weekday (one or two periods a day), the slot
/// length and the most bookings per slot.
public struct AppointmentOffer: Codable, Sendable, Hashable, Identifiable {
    /// The service item booked, or
    public var item: String?
    /// the bundle ("one thing") booked; exactly one of the two.
    public var bundle: String?
    /// Days after today that can be booked (today itself counts as day 0).
    public var daysAhead: Int
    public var slotMinutes: Int
    /// Bookings per slot (最大预约数, §8.2.2).
    public var capacity: Int
    public var hours: OpeningHours

    public var id: String { item ?? bundle ?? "" }

    public init(item: String? = nil, bundle: String? = nil, daysAhead: Int = 14, slotMinutes: Int = 30, capacity: Int,
                hours: OpeningHours = OpeningHours()) {
        self.item = item; self.bundle = bundle; self.daysAhead = daysAhead; self.slotMinutes = slotMinutes
        self.capacity = capacity; self.hours = hours
    }

    enum CodingKeys: String, CodingKey { case item, bundle, daysAhead, slotMinutes, capacity, hours }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AppointmentOffer(capacity: 1)
        item = try c.decodeIfPresent(String.self, forKey: .item)
        bundle = try c.decodeIfPresent(String.self, forKey: .bundle)
        daysAhead = try c.decodeIfPresent(Int.self, forKey: .daysAhead) ?? defaults.daysAhead
        slotMinutes = try c.decodeIfPresent(Int.self, forKey: .slotMinutes) ?? defaults.slotMinutes
        capacity = try c.decode(Int.self, forKey: .capacity)
        hours = try c.decodeIfPresent(OpeningHours.self, forKey: .hours) ?? defaults.hours
    }
}

/// Booking hours per ISO weekday; a weekday with no bands is not bookable. A make-up
/// working day (调休上班) on a weekend takes `makeUpDay`, or Monday's hours when that is empty;
/// a public holiday is never bookable.
public struct OpeningHours: Codable, Sendable, Hashable {
    public var monday: [TimeBand]
    public var tuesday: [TimeBand]
    public var wednesday: [TimeBand]
    public var thursday: [TimeBand]
    public var friday: [TimeBand]
    public var saturday: [TimeBand]
    public var sunday: [TimeBand]
    public var makeUpDay: [TimeBand]

    public static let officeHours = [TimeBand("09:00-12:00")!, TimeBand("13:30-17:00")!]

    /// Office hours Monday to Friday unless given.
    public init(monday: [TimeBand] = officeHours, tuesday: [TimeBand] = officeHours, wednesday: [TimeBand] = officeHours,
                thursday: [TimeBand] = officeHours, friday: [TimeBand] = officeHours, saturday: [TimeBand] = [],
                sunday: [TimeBand] = [], makeUpDay: [TimeBand] = []) {
        self.monday = monday; self.tuesday = tuesday; self.wednesday = wednesday; self.thursday = thursday
        self.friday = friday; self.saturday = saturday; self.sunday = sunday; self.makeUpDay = makeUpDay
    }

    enum CodingKeys: String, CodingKey { case monday, tuesday, wednesday, thursday, friday, saturday, sunday, makeUpDay }

    /// A weekday left out of the file keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = OpeningHours()
        func bands(_ key: CodingKeys, _ fallback: [TimeBand]) throws -> [TimeBand] {
            try c.decodeIfPresent([TimeBand].self, forKey: key) ?? fallback
        }
        self.init(monday: try bands(.monday, d.monday), tuesday: try bands(.tuesday, d.tuesday),
                  wednesday: try bands(.wednesday, d.wednesday), thursday: try bands(.thursday, d.thursday),
                  friday: try bands(.friday, d.friday), saturday: try bands(.saturday, d.saturday),
                  sunday: try bands(.sunday, d.sunday), makeUpDay: try bands(.makeUpDay, d.makeUpDay))
    }

    /// The bands of an ISO weekday (1 Monday … 7 Sunday).
    public func bands(weekday: Int) -> [TimeBand] {
        [monday, tuesday, wednesday, thursday, friday, saturday, sunday][max(1, min(7, weekday)) - 1]
    }

    /// The bands of a day on the hall's working calendar.
    public func bands(on day: CivilDay, calendar: WorkingCalendar) -> [TimeBand] {
        if calendar.holiday(on: day) != nil { return [] }
        if calendar.makeUpWorkdays.contains(day) { return makeUpDay.isEmpty ? monday : makeUpDay }
        return bands(weekday: day.weekday)
    }

    var all: [(String, [TimeBand])] {
        [("monday", monday), ("tuesday", tuesday), ("wednesday", wednesday), ("thursday", thursday), ("friday", friday),
         ("saturday", saturday), ("sunday", sunday), ("makeUpDay", makeUpDay)]
    }
}
