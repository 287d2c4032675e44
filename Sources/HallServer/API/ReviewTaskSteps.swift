import Foundation
import IntakeCore

/// One step of a bad review's rectification (seed 004 §11) as a typed route: the step, which
/// the core's ``ReviewTaskAccess`` admits the caller to, and the body it decodes.
protocol ReviewTaskStep: Sendable {
    associatedtype Body: Decodable & Sendable
    static var step: ReviewTaskAccess.Step { get }
    static func action(_ body: Body, by staff: String, at now: Date) -> RectificationAction
}

enum ReviewTaskSteps {
    static let all: [any ReviewTaskStep.Type] = [Verify.self, Rectify.self, Answer.self, Appeal.self, Recheck.self]

    /// 核实: what the department found.
    enum Verify: ReviewTaskStep {
        struct Body: Decodable { var finding: String }
        static let step = ReviewTaskAccess.Step.verify
        static func action(_ b: Body, by _: String, at _: Date) -> RectificationAction { .verify(finding: b.finding) }
    }

    /// 整改: the measures taken.
    enum Rectify: ReviewTaskStep {
        struct Body: Decodable { var measures: String }
        static let step = ReviewTaskAccess.Step.rectify
        static func action(_ b: Body, by _: String, at _: Date) -> RectificationAction { .rectify(measures: b.measures) }
    }

    /// 回复: the reply to the citizen, with the call-back made by the staff member answering.
    enum Answer: ReviewTaskStep {
        struct Body: Decodable {
            var reply: String
            var callBack: CallBackBody?
            struct CallBackBody: Decodable { var outcome: String; var at: Date? }
        }
        static let step = ReviewTaskAccess.Step.answer
        static func action(_ b: Body, by staff: String, at now: Date) -> RectificationAction {
            .answer(reply: b.reply, callBack: b.callBack.map { CallBack(by: staff, at: $0.at ?? now, outcome: $0.outcome) })
        }
    }

    /// 申诉: by the staff member reviewed.
    enum Appeal: ReviewTaskStep {
        struct Body: Decodable { var reason: String }
        static let step = ReviewTaskAccess.Step.appeal
        static func action(_ b: Body, by _: String, at _: Date) -> RectificationAction { .appeal(reason: b.reason) }
    }

    /// 复核: a supervisor other than the reviewed staff member; upheld voids the review.
    enum Recheck: ReviewTaskStep {
        struct Body: Decodable { var upheld: Bool; var reason: String }
        static let step = ReviewTaskAccess.Step.recheck
        static func action(_ b: Body, by _: String, at _: Date) -> RectificationAction { .recheck(upheld: b.upheld, reason: b.reason) }
    }
}
