/// The span a supervision report covers (seed 004 §12.3: figures per day, month and quarter):
/// hall-local service days from `first` through `last`, both included.
public struct ReportPeriod: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable, CaseIterable { case day, month, quarter }

    public var kind: Kind
    public var first: CivilDay
    public var last: CivilDay

    public init(kind: Kind, first: CivilDay, last: CivilDay) { self.kind = kind; self.first = first; self.last = last }

    public static func day(_ day: CivilDay) -> ReportPeriod { ReportPeriod(kind: .day, first: day, last: day) }

    /// `2026-12`; nil for anything else.
    public static func month(_ text: String) -> ReportPeriod? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              let first = CivilDay(year: year, month: month, day: 1) else { return nil }
        return ReportPeriod(kind: .month, first: first, last: lastDay(year: year, month: month))
    }

    /// `2026-Q4`; nil for anything else.
    public static func quarter(_ text: String) -> ReportPeriod? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), parts[1].count == 2, parts[1].first == "Q",
              let q = Int(parts[1].dropFirst()), (1...4).contains(q),
              let first = CivilDay(year: year, month: 3 * q - 2, day: 1) else { return nil }
        return ReportPeriod(kind: .quarter, first: first, last: lastDay(year: year, month: 3 * q))
    }

    /// `2026-12-07`, `2026-12` or `2026-Q4`, whichever the text is; nil for anything else.
    public static func parse(_ text: String) -> ReportPeriod? {
        if text.count == 10, let day = CivilDay(text) { return .day(day) }
        return month(text) ?? quarter(text)
    }

    /// The query parameter that names the period on the report routes and page.
    public var queryName: String {
        switch kind {
        case .day: "date"
        case .month: "month"
        case .quarter: "quarter"
        }
    }

    /// Every day of the period, in order.
    public var days: [CivilDay] { (first.ordinal...last.ordinal).map(CivilDay.init(ordinal:)) }

    public func contains(_ day: CivilDay) -> Bool { first <= day && day <= last }

    /// `2026-12-07`, `2026-12` or `2026-Q4`: the name the routes and files use.
    public var description: String {
        switch kind {
        case .day: first.description
        case .month: String(first.description.prefix(7))
        case .quarter: "\(first.year)-Q\((first.month + 2) / 3)"
        }
    }

    private static func lastDay(year: Int, month: Int) -> CivilDay {
        let next = month == 12 ? CivilDay(year: year + 1, month: 1, day: 1)! : CivilDay(year: year, month: month + 1, day: 1)!
        return next.adding(days: -1)
    }
}
