import Foundation

/// What may be done to a complaint, in which state, and by whom (seed 004 §10.1–§10.4):
/// received → investigating → answered → closed, each step by a supervisor who is not the
/// person complained about; the measures published once answered, once. An answer carrying
/// personal data (an ID or mobile number, the complainant's or the staff member's name) is
/// refused, since its result is shown by number and its measures may be published.
public enum ComplaintTransitions {
    public static func apply(_ action: ComplaintAction, to c: Complaint, at now: Date, by staff: SignedInStaff) throws(ComplaintError) -> Complaint {
        guard staff.has(.supervisor) else { throw .notSupervisor }
        if let person = c.staffID, person == staff.id { throw .ownComplaint }
        var n = c
        let step = ComplaintStep(at: now, by: staff.id)
        switch action {
        case .investigate:
            guard c.state == .received else { throw .notAllowed(action: action.name, state: c.state) }
            n.state = .investigating; n.investigating = step
        case .answer(let answer):
            guard c.state == .investigating else { throw .notAllowed(action: action.name, state: c.state) }
            let names = [c.complainant.name, c.staffName].compactMap { $0 }
            for (field, text) in [("result", answer.result), ("measures", answer.measures)] {
                let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if t.isEmpty { throw .emptyText(field) }
                if t.count > ComplaintFiling.contentLimit { throw .tooLong(field, ComplaintFiling.contentLimit) }
                if let found = PersonalDataCheck.findings(in: t, names: names).first { throw .personalData(field, found) }
            }
            n.answer = ComplaintAnswer(result: answer.result.trimmingCharacters(in: .whitespacesAndNewlines),
                                       measures: answer.measures.trimmingCharacters(in: .whitespacesAndNewlines), upheld: answer.upheld)
            n.state = .answered; n.answered = step
        case .close:
            guard c.state == .answered else { throw .notAllowed(action: action.name, state: c.state) }
            n.state = .closed; n.closed = step
        case .publish:
            guard c.state.isAnswered else { throw .notAllowed(action: action.name, state: c.state) }
            guard c.published == nil else { throw .alreadyPublished }
            n.published = step
        }
        return n
    }
}

extension ComplaintTransitions {
    /// The complainant says whether the result satisfies them (§12.3.6a, c): with the
    /// complaint's number and the rating code given at filing, once it is answered, once.
    public static func rate(_ c: Complaint, satisfied: Bool, code: String, at now: Date) throws(ComplaintError) -> Complaint {
        guard let expected = c.ratingCode, code.utf8.count == expected.utf8.count,
              zip(code.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { throw .wrongRatingCode }
        guard c.state.isAnswered else { throw .notAllowed(action: "rate", state: c.state) }
        guard c.rating == nil else { throw .alreadyRated }
        var n = c
        n.rating = ComplaintRating(satisfied: satisfied, at: now)
        return n
    }
}

/// A supervisor's step on a complaint.
public enum ComplaintAction: Sendable, Equatable {
    case investigate
    case answer(ComplaintAnswer)
    case close
    /// Publish the corrective measures (§10.4).
    case publish

    public var name: String {
        switch self {
        case .investigate: "investigate"
        case .answer: "answer"
        case .close: "close"
        case .publish: "publish"
        }
    }
}

/// Why a step on a complaint was refused.
public enum ComplaintError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAllowed(action: String, state: ComplaintState)
    case notSupervisor
    /// The person complained about does not handle their own complaint.
    case ownComplaint
    case emptyText(String)
    case tooLong(String, Int)
    case personalData(String, String)
    case alreadyPublished
    case alreadyRated
    case wrongRatingCode

    public var description: String {
        switch self {
        case .notAllowed(let action, let state): "\(action) is not possible while the complaint is \(state.rawValue) (\(state.chineseName))"
        case .notSupervisor: "complaints are handled by supervisors"
        case .ownComplaint: "this complaint is about you: another supervisor handles it"
        case .emptyText(let field): "\(field): must not be empty"
        case .tooLong(let field, let limit): "\(field): at most \(limit) characters"
        case .personalData(let field, let what): "\(field): holds \(what); an answer is shown by number and may be published, so it carries no personal data"
        case .alreadyPublished: "the measures of this complaint are published already"
        case .alreadyRated: "the result of this complaint is rated already"
        case .wrongRatingCode: "this is not the complaint's rating code (the six digits given with its number)"
        }
    }
}
