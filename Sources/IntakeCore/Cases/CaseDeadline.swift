/// Where a case stands against its limits on a given day (限时办结; seed 001 §二(四)4):
/// due days for the promised and legal limits in working days from the day after
/// acceptance, pushed back by the working days the clock stood still, and the warning
/// card: yellow in the last `yellowDays` working days before the promised day, red after it.
public struct CaseDeadline: Codable, Sendable, Equatable {
    public var promisedDue: CivilDay?
    public var legalDue: CivilDay?
    /// Working days the clock has stood still so far.
    public var stoppedDays: Int
    public var clockRunning: Bool
    /// Working days left until the promised day (negative when late); nil before acceptance.
    public var daysLeft: Int?
    public var card: Card

    public typealias Card = DeadlineCard

    public static func of(_ c: ServiceCase, today: CivilDay, calendar: WorkingCalendar, yellowDays: Int = 2) -> CaseDeadline {
        guard let accepted = c.acceptedOn else {
            return CaseDeadline(promisedDue: nil, legalDue: nil, stoppedDays: 0, clockRunning: false, daysLeft: nil, card: .none)
        }
        // A stop counts the working days from its first day up to the day before it ended;
        // an open stop counts up to today.
        var stopped = 0
        for stop in c.clockStops {
            // The day of acceptance is never counted, so a stop cannot save it either.
            let from = max(stop.from, accepted.adding(days: 1))
            let end = stop.to ?? today.adding(days: 1)
            if end > from { stopped += calendar.workingDays(after: from.adding(days: -1), through: end.adding(days: -1)) }
        }
        let promised = calendar.adding(workingDays: c.promisedLimitDays + stopped, to: accepted)
        let legal = calendar.adding(workingDays: c.legalLimitDays + stopped, to: accepted)
        let finished = c.state.isFinal || c.state == .awaitingPickup
        let (left, card) = DeadlineCard.on(today, due: promised, done: finished, yellowDays: yellowDays, calendar: calendar)
        return CaseDeadline(promisedDue: promised, legalDue: legal, stoppedDays: stopped, clockRunning: c.state.clockRunning,
                            daysLeft: finished ? nil : left, card: card)
    }
}
