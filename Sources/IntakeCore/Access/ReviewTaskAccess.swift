/// Who may take a step on a bad review's rectification task (seed 004 §11: 差评核实整改,
/// 申诉复核). The reviewed staff member may appeal, and never decide the appeal or their own
/// rectification.
public enum ReviewTaskAccess {
    /// Who sees a task: supervisors and department staff all of them, a clerk those of the
    /// reviews about them (to appeal).
    public static func maySee(reviewedStaff: String?, by staff: SignedInStaff) -> Bool {
        staff.has(.supervisor) || staff.has(.department) || (reviewedStaff != nil && reviewedStaff == staff.id)
    }

    /// The steps, by the name the API gives them; known before the step's text is read.
    public enum Step: String, Sendable, CaseIterable { case verify, rectify, answer, appeal, recheck }

    public static func mayTake(_ action: RectificationAction, on task: RectificationTask, reviewedStaff: String?,
                               by staff: SignedInStaff) -> AccessDecision {
        mayTake(Step(rawValue: action.name)!, on: task, reviewedStaff: reviewedStaff, by: staff)
    }

    public static func mayTake(_ step: Step, on task: RectificationTask, reviewedStaff: String?,
                               by staff: SignedInStaff) -> AccessDecision {
        let isReviewed = reviewedStaff != nil && reviewedStaff == staff.id
        switch step {
        case .appeal:
            return isReviewed ? .allowed : .forbidden("only the reviewed staff member (\(reviewedStaff ?? "nobody")) may appeal (申诉)")
        case .recheck:
            guard staff.has(.supervisor) else { return .forbidden("the re-check (复核) needs the role supervisor") }
            return isReviewed ? .forbidden("you were reviewed: another supervisor re-checks your appeal") : .allowed
        case .verify, .rectify, .answer:
            guard staff.has(.supervisor) || (staff.has(.department) && staff.account.department == task.department) else {
                return .forbidden("this needs the role supervisor, or department staff of \(task.department)")
            }
            return isReviewed ? .forbidden("you were reviewed: someone else verifies and answers this review") : .allowed
        }
    }
}
