#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The days a supervisor's figures ask of one case, read off its stored events (seed 004
/// §12.3.4–§12.3.5; docs/METRICS.md "Cases"): when its results were complete (办结), when it
/// ended without results, and its promised and legal due days as they stood then.
public struct CaseTimeline: Sendable, Equatable {
    public var caseNumber: String
    /// The hall-local day of the first event into 待取件: every item had its result.
    public var finishedOn: CivilDay?
    /// The day it was handed out or delivered.
    public var handedOverOn: CivilDay?
    /// The day it left handling without results: withdrawn or lapsed.
    public var endedOn: CivilDay?
    /// Due days with the clock stops counted up to the finish (or end, or `today`).
    public var promisedDue: CivilDay?
    public var legalDue: CivilDay?

    /// - Parameters:
    ///   - events: the case's events in any order (others are ignored).
    ///   - today: the day the report is made, for a case still under way.
    public static func of(_ c: ServiceCase, events: [CaseEvent], today: CivilDay, calendar: HallCalendar,
                          workingCalendar: WorkingCalendar) -> CaseTimeline {
        let mine = events.filter { $0.caseID == c.id }.sorted { ($0.at, $0.id ?? 0) < ($1.at, $1.id ?? 0) }
        func day(_ date: Date) -> CivilDay { CivilDay(calendar.serviceDay(of: date))! }
        let finished = mine.first { $0.to == .awaitingPickup }.map { day($0.at) }
        let handedOver = mine.first { $0.to == .completed }.map { day($0.at) }
        let ended = mine.first { $0.to == .withdrawn || $0.to == .lapsed }.map { day($0.at) }
        let deadline = CaseDeadline.of(c, today: finished ?? ended ?? today, calendar: workingCalendar)
        return CaseTimeline(caseNumber: c.number, finishedOn: finished, handedOverOn: handedOver, endedOn: ended,
                            promisedDue: deadline.promisedDue, legalDue: deadline.legalDue)
    }

    /// Finished on or before the promised day (按时办结); nil when not finished or never accepted.
    public var onTimePromised: Bool? { finishedOn.flatMap { f in promisedDue.map { f <= $0 } } }
    public var onTimeLegal: Bool? { finishedOn.flatMap { f in legalDue.map { f <= $0 } } }

    /// 逾期未办结 (§12.3.5c): not finished on or before the promised day — finished later,
    /// ended later without results, or still under way after it.
    public func overdue(today: CivilDay) -> Bool {
        guard let due = promisedDue else { return false }
        if let done = finishedOn ?? endedOn { return done > due }
        return due < today
    }
}
