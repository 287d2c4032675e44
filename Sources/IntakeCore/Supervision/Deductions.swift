#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The violations of seed 004 §12.3.5 that the hall's own records show, each with its list
/// of cases so a supervisor can check every one (docs/METRICS.md "Deductions"). Some are
/// refused at the source by the core (a refusal needs reasons, a stop a reason) and are
/// counted anyway, so a record that slipped past the rules still shows.
public enum DeductionKind: String, Codable, Sendable, CaseIterable {
    /// §12.3.5a: 不予受理 with no reason given.
    case refusedWithoutReasons
    /// §12.3.5b: an accepted case stopped (clock stop or withdrawal) with no recorded reason.
    case stoppedWithoutReason
    /// §12.3.5c: 逾期未办结, counted in the period of its promised due day.
    case overdue
    /// §12.3.5d: 未按规定收费. Prevented at the source: ``FeeRules`` refuses a fee on an item
    /// that charges none and any amount but the catalog's, so none can show.
    case wrongFee
    /// §12.3.5e: 未出具办理结果 — results complete but not handed out within the hall's
    /// hand-over limit, counted in the period of that limit's last day.
    case resultNotHandedOut

    public var clause: String {
        switch self {
        case .refusedWithoutReasons: "§12.3.5a"
        case .stoppedWithoutReason: "§12.3.5b"
        case .overdue: "§12.3.5c"
        case .wrongFee: "§12.3.5d"
        case .resultNotHandedOut: "§12.3.5e"
        }
    }

    public var chineseName: String {
        switch self {
        case .refusedWithoutReasons: "无理由不予受理"
        case .stoppedWithoutReason: "无正当理由停止办理"
        case .overdue: "逾期未办结"
        case .wrongFee: "未按规定收费"
        case .resultNotHandedOut: "未出具办理结果"
        }
    }
}

/// One case behind a deduction: its number, never the applicant.
public struct DeductionCase: Codable, Sendable, Equatable {
    public var caseNumber: String
    public var title: String
    public var department: String
    public var windowID: String?
    /// The day that puts it in the period.
    public var day: CivilDay
    public var detail: String
}

public struct Deduction: Codable, Sendable, Equatable {
    public var kind: DeductionKind
    public var clause: String
    public var name: String
    public var count: Int
    public var cases: [DeductionCase]

    /// Every kind, in the clause's order, each with its cases in the period.
    static func compute(_ cases: [(ServiceCase, CaseTimeline)], period: ReportPeriod, today: CivilDay,
                        context: SupervisionContext) -> [Deduction] {
        func blank(_ text: String?) -> Bool { (text ?? "").allSatisfy(\.isWhitespace) }
        var found: [DeductionKind: [DeductionCase]] = [:]
        func add(_ kind: DeductionKind, _ c: ServiceCase, _ day: CivilDay, _ detail: String) {
            found[kind, default: []].append(DeductionCase(caseNumber: c.number, title: c.title, department: c.leadDepartment,
                                                          windowID: c.windowID, day: day, detail: detail))
        }
        for (c, timeline) in cases {
            if c.state == .refused, let day = c.refusal?.on ?? c.closing.map({ CivilDay(context.calendar.serviceDay(of: $0.at))! }),
               period.contains(day), (c.refusal?.reasons ?? []).allSatisfy(blank) {
                add(.refusedWithoutReasons, c, day, "不予受理决定未载明理由")
            }
            for stop in c.clockStops where period.contains(stop.from) && blank(stop.reason) {
                add(.stoppedWithoutReason, c, stop.from, "中止计时未载明理由")
            }
            if c.state == .withdrawn, c.acceptedOn != nil, let day = timeline.endedOn, period.contains(day), blank(c.closing?.note) {
                add(.stoppedWithoutReason, c, day, "受理后撤回未载明理由")
            }
            if let due = timeline.promisedDue, period.contains(due), timeline.overdue(today: today) {
                let late = timeline.finishedOn.map { "承诺 \(due) 到期，\($0) 办结" } ?? "承诺 \(due) 到期，尚未办结"
                add(.overdue, c, due, late)
            }
            if let finished = timeline.finishedOn {
                let limit = context.workingCalendar.adding(workingDays: context.handOverWorkingDays, to: finished)
                let late = timeline.handedOverOn.map { $0 > limit } ?? (limit < today)
                if period.contains(limit), late {
                    add(.resultNotHandedOut, c, limit, "\(finished) 办结，\(context.handOverWorkingDays) 个工作日内未出件")
                }
            }
        }
        return DeductionKind.allCases.map { kind in
            let list = (found[kind] ?? []).sorted { ($0.day, $0.caseNumber) < ($1.day, $1.caseNumber) }
            return Deduction(kind: kind, clause: kind.clause, name: kind.chineseName, count: list.count, cases: list)
        }
    }
}
