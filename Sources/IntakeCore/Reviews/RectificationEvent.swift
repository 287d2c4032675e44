#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One step in a task's history, with who took it and when.
public struct RectificationEvent: Codable, Sendable, Hashable {
    public var id: Int64?
    public var taskID: String
    public var action: String
    public var from: RectificationState?
    public var to: RectificationState
    public var by: String
    public var at: Date
    public var note: String?

    public init(id: Int64? = nil, taskID: String, action: String, from: RectificationState?, to: RectificationState, by: String,
                at: Date, note: String?) {
        self.id = id; self.taskID = taskID; self.action = action; self.from = from; self.to = to; self.by = by; self.at = at
        self.note = note
    }
}

/// One key press at a window's keypad and what came of it ("review", or why it was ignored).
public struct KeypadPress: Codable, Sendable, Hashable {
    public var id: Int64?
    public var windowID: String
    public var level: ReviewLevel
    public var at: Date
    public var outcome: String
    public var reviewID: String?

    public init(id: Int64? = nil, windowID: String, level: ReviewLevel, at: Date, outcome: String, reviewID: String?) {
        self.id = id; self.windowID = windowID; self.level = level; self.at = at; self.outcome = outcome; self.reviewID = reviewID
    }
}

extension RectificationAction {
    /// The text the step carried, for the history.
    public var note: String {
        switch self {
        case .verify(let finding): finding
        case .rectify(let measures): measures
        case .answer(let reply, let callBack): callBack.map { "\(reply) (回访 \($0.by): \($0.outcome))" } ?? reply
        case .appeal(let reason): reason
        case .recheck(let upheld, let reason): (upheld ? "申诉成立: " : "申诉不成立: ") + reason
        }
    }
}
