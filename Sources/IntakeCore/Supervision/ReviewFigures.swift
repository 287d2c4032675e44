#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reviews of the period for one scope (R6; seed 004 §12.2): how many, the bad ones, the
/// satisfaction rate (not bad over all, as ``ReviewSummary``), and the rectification of the
/// bad ones — tasks opened, closed, voided and still open, and the time to close them.
public struct ReviewFigures: Codable, Sendable, Equatable {
    public var total: Int
    public var bad: Int
    public var satisfaction: Rate
    public var tasksOpened: Int
    public var tasksClosed: Int
    public var tasksVoided: Int
    public var tasksOpen: Int
    /// closedAt − openedAt of the closed tasks.
    public var timeToClose: TimeFigures

    static func compute(_ reviews: [Review], tasks: [RectificationTask]) -> ReviewFigures {
        let bad = reviews.filter(\.level.isBad).count
        let ids = Set(reviews.map(\.id))
        let mine = tasks.filter { ids.contains($0.reviewID) }
        let closed = mine.filter { $0.state == .closed }
        return ReviewFigures(
            total: reviews.count, bad: bad, satisfaction: Rate(reviews.count - bad, of: reviews.count),
            tasksOpened: mine.count, tasksClosed: closed.count, tasksVoided: mine.filter { $0.state == .voided }.count,
            tasksOpen: mine.filter { !$0.state.isFinal }.count,
            timeToClose: .of(closed.compactMap { t in t.closedAt.map { $0.timeIntervalSince(t.openedAt) } }))
    }
}

/// Complaints received in the period about one scope (seed 004 §10, §12.3.6): how many,
/// answered, answered by their due day, upheld (the service was found at fault: a deduction,
/// §12.3.6b), closed, and the complainants satisfied with the result over those who rated it
/// (§12.3.6a, c).
public struct ComplaintFigures: Codable, Sendable, Equatable {
    public var received: Int
    public var answered: Int
    public var answeredOnTime: Rate
    public var upheld: Int
    public var closed: Int
    public var resultSatisfaction: Rate

    static func compute(_ complaints: [Complaint], calendar: HallCalendar) -> ComplaintFigures {
        let answered = complaints.compactMap { c in c.answered.map { (c, $0) } }
        let onTime = answered.filter { c, step in CivilDay(calendar.serviceDay(of: step.at)).map { $0 <= c.answerDue } ?? false }
        return ComplaintFigures(received: complaints.count, answered: answered.count, answeredOnTime: Rate(onTime.count, of: answered.count),
                                upheld: complaints.filter { $0.answer?.upheld == true }.count,
                                closed: complaints.filter { $0.state == .closed }.count,
                                resultSatisfaction: Rate(complaints.filter { $0.rating?.satisfied == true }.count,
                                                         of: complaints.filter { $0.rating != nil }.count))
    }
}
