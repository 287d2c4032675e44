/// The warning card of work due on a day (限时办结, seed 001 §二(四)4): yellow in the last
/// `yellowDays` working days before the due day, red after it, none once the work is done.
/// Cases (``CaseDeadline``) and complaints (``ComplaintDeadline``, seed 004 §10.1) count
/// their cards here, so both fall on the same working days.
public enum DeadlineCard: String, Codable, Sendable {
    case none, yellow, red

    public var chineseName: String {
        switch self {
        case .none: ""
        case .yellow: "黄牌预警"
        case .red: "红牌超期"
        }
    }

    /// Working days left until `due` on `today` (negative when late), and the card.
    public static func on(_ today: CivilDay, due: CivilDay, done: Bool, yellowDays: Int,
                          calendar: WorkingCalendar) -> (daysLeft: Int, card: DeadlineCard) {
        let left = today <= due ? calendar.workingDays(after: today, through: due) : -calendar.workingDays(after: due, through: today)
        guard !done else { return (left, .none) }
        if today > due { return (left, .red) }
        return (left, left < yellowDays ? .yellow : .none)
    }
}
