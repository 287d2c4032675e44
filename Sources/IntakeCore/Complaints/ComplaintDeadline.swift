/// Where a complaint stands against its deadline to answer (seed 004 §10.1): due
/// `answerDays` working days after the day it was received, on the hall's working calendar,
/// with the same yellow and red cards as cases (``DeadlineCard``). Answered or closed, the
/// card is gone.
public struct ComplaintDeadline: Codable, Sendable, Equatable {
    public var due: CivilDay
    /// Working days left until the due day (negative when late); nil once answered.
    public var daysLeft: Int?
    public var card: DeadlineCard

    /// The due day of a complaint received on `day`: the day itself is not counted.
    public static func due(receivedOn day: CivilDay, policy: ComplaintPolicy, calendar: WorkingCalendar) -> CivilDay {
        calendar.adding(workingDays: policy.answerDays, to: day)
    }

    public static func of(_ c: Complaint, today: CivilDay, policy: ComplaintPolicy, calendar: WorkingCalendar) -> ComplaintDeadline {
        let done = c.state.isAnswered
        let (left, card) = DeadlineCard.on(today, due: c.answerDue, done: done, yellowDays: policy.yellowDays, calendar: calendar)
        return ComplaintDeadline(due: c.answerDue, daysLeft: done ? nil : left, card: card)
    }
}
