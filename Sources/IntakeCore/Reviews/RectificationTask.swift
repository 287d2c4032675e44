#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The follow-up of one bad review (差评整改): owned by the department that handled the
/// service (谁办理谁负责), due a number of working days after it was opened. The loop is
/// verify → rectify → answer the citizen → closed, or appeal → re-check → voided when the
/// review proves unfair or mistaken (申诉复核; 国办发〔2019〕51号, seed 001 §二(四)4).
public struct RectificationTask: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var reviewID: String
    public var department: String
    public var state: RectificationState
    public var openedAt: Date
    /// The last working day to close it, in the hall's calendar.
    public var dueDay: CivilDay
    /// A real-name review: answering needs a call-back record (回访率 100 %).
    public var realName: Bool
    public var finding: String?
    public var measures: String?
    public var reply: String?
    public var callBack: CallBack?
    public var appealReason: String?
    /// Why the re-check voided the review, or kept it.
    public var recheckReason: String?
    public var closedAt: Date?

    public init(id: String, reviewID: String, department: String, state: RectificationState = .verifying, openedAt: Date,
                dueDay: CivilDay, realName: Bool) {
        self.id = id; self.reviewID = reviewID; self.department = department; self.state = state
        self.openedAt = openedAt; self.dueDay = dueDay; self.realName = realName
    }

    /// Open and past its last day (the day after `dueDay` has begun in the hall).
    public func isOverdue(today: CivilDay) -> Bool { !state.isFinal && today > dueDay }

    /// Opens the task for a bad review: due `policy.rectificationDays` working days after the review's day.
    public static func open(for review: Review, id: String, reviewDay: CivilDay, policy: ReviewPolicy,
                            calendar: WorkingCalendar) -> RectificationTask {
        RectificationTask(id: id, reviewID: review.id, department: review.department, openedAt: review.at,
                          dueDay: calendar.adding(workingDays: policy.rectificationDays, to: reviewDay), realName: review.realName)
    }
}

/// A call to the citizen about their bad review (回访).
public struct CallBack: Codable, Sendable, Hashable {
    /// Staff member who called.
    public var by: String
    public var at: Date
    /// What the citizen said: satisfied with the rectification, or not.
    public var outcome: String

    public init(by: String, at: Date, outcome: String) { self.by = by; self.at = at; self.outcome = outcome }
}

public enum RectificationState: String, Codable, Sendable, CaseIterable {
    /// 核实: the department checks what happened.
    case verifying
    /// 整改: the problem is being fixed.
    case rectifying
    /// 反馈: the fix is done; the citizen is to be answered (and called back when known).
    case answering
    case closed
    /// 申诉: the department contests the review; the hall re-checks it.
    case appealed
    /// 作废: the re-check found the review unfair or mistaken.
    case voided

    public var isFinal: Bool { self == .closed || self == .voided }

    public var chineseName: String {
        switch self {
        case .verifying: "核实中"
        case .rectifying: "整改中"
        case .answering: "待反馈"
        case .closed: "已办结"
        case .appealed: "申诉复核中"
        case .voided: "已作废"
        }
    }
}

/// A step a department or supervisor takes on a task; every step is recorded with who and when.
public enum RectificationAction: Sendable, Hashable {
    case verify(finding: String)
    case rectify(measures: String)
    case answer(reply: String, callBack: CallBack?)
    case appeal(reason: String)
    /// `upheld`: the appeal is right and the review is voided; otherwise rectification resumes.
    case recheck(upheld: Bool, reason: String)

    public var name: String {
        switch self {
        case .verify: "verify"
        case .rectify: "rectify"
        case .answer: "answer"
        case .appeal: "appeal"
        case .recheck: "recheck"
        }
    }
}

/// Why a step was refused.
public enum RectificationError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAllowed(action: String, state: RectificationState)
    case callBackRequired
    case emptyText(field: String)

    public var description: String {
        switch self {
        case .notAllowed(let action, let state): "cannot \(action) a task that is \(state.rawValue) (\(state.chineseName))"
        case .callBackRequired: "a real-name bad review is answered only after a call-back: give callBack {by, outcome}"
        case .emptyText(let field): "\(field) must not be empty"
        }
    }
}

/// The task's transition table.
public enum RectificationTransitions {
    public static func apply(_ action: RectificationAction, to task: RectificationTask, at now: Date) throws(RectificationError) -> RectificationTask {
        var t = task
        func require(_ text: String, _ field: String) throws(RectificationError) {
            if text.allSatisfy(\.isWhitespace) { throw .emptyText(field: field) }
        }
        switch (action, task.state) {
        case (.verify(let finding), .verifying):
            try require(finding, "finding")
            t.finding = finding; t.state = .rectifying
        case (.rectify(let measures), .rectifying):
            try require(measures, "measures")
            t.measures = measures; t.state = .answering
        case (.answer(let reply, let callBack), .answering):
            try require(reply, "reply")
            if task.realName && callBack == nil { throw .callBackRequired }
            if let callBack { try require(callBack.by, "callBack.by"); try require(callBack.outcome, "callBack.outcome") }
            t.reply = reply; t.callBack = callBack; t.state = .closed; t.closedAt = now
        case (.appeal(let reason), .verifying), (.appeal(let reason), .rectifying):
            try require(reason, "reason")
            t.appealReason = reason; t.state = .appealed
        case (.recheck(let upheld, let reason), .appealed):
            try require(reason, "reason")
            t.recheckReason = reason
            if upheld { t.state = .voided; t.closedAt = now } else { t.state = .rectifying }
        default:
            throw .notAllowed(action: action.name, state: task.state)
        }
        return t
    }
}
