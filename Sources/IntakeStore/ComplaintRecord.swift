import Foundation
import GRDB
import IntakeCore

/// A complaint's row (seed 004 §10): one column a field, so the database itself can hold the
/// invariants (CHECK constraints in ``ComplaintStore``'s migration) and index by state, day,
/// window and staff member.
struct ComplaintRecord: Codable, FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "complaint" }
    var number: String
    var channel: String
    var type: String
    var unit: String?
    var windowID: String?
    var staffID: String?
    var staffName: String?
    var content: String
    var demand: String
    var complainantName: String?
    var complainantPhone: String?
    var state: String
    var receivedOn: String
    var answerDue: String
    var receivedAt: Date
    var receivedBy: String
    var investigatingAt: Date?
    var investigatingBy: String?
    var answeredAt: Date?
    var answeredBy: String?
    var result: String?
    var measures: String?
    var upheld: Bool?
    var closedAt: Date?
    var closedBy: String?
    var publishedAt: Date?
    var publishedBy: String?
    var ratedSatisfied: Bool?
    var ratedAt: Date?
    var ratingCode: String?

    enum Columns {
        static let number = Column(CodingKeys.number)
        static let state = Column(CodingKeys.state)
        static let receivedOn = Column(CodingKeys.receivedOn)
        static let windowID = Column(CodingKeys.windowID)
        static let staffID = Column(CodingKeys.staffID)
    }

    init(_ c: Complaint) {
        number = c.number; channel = c.channel.rawValue; type = c.type.rawValue; unit = c.unit; windowID = c.windowID
        staffID = c.staffID; staffName = c.staffName; content = c.content; demand = c.demand
        complainantName = c.complainant.name; complainantPhone = c.complainant.phone; state = c.state.rawValue
        receivedOn = c.receivedOn.description; answerDue = c.answerDue.description
        receivedAt = c.received.at; receivedBy = c.received.by
        investigatingAt = c.investigating?.at; investigatingBy = c.investigating?.by
        answeredAt = c.answered?.at; answeredBy = c.answered?.by
        result = c.answer?.result; measures = c.answer?.measures; upheld = c.answer?.upheld
        closedAt = c.closed?.at; closedBy = c.closed?.by
        publishedAt = c.published?.at; publishedBy = c.published?.by
        ratedSatisfied = c.rating?.satisfied; ratedAt = c.rating?.at; ratingCode = c.ratingCode
    }

    /// The domain value; a row the CHECK constraints let in always makes one.
    func complaint() throws -> Complaint {
        guard let channel = ComplaintChannel(rawValue: channel), let type = ComplaintType(rawValue: type),
              let state = ComplaintState(rawValue: state), let receivedOn = CivilDay(receivedOn), let answerDue = CivilDay(answerDue) else {
            throw DatabaseError(message: "complaint \(number): a value no version of OneVisit writes")
        }
        func step(_ at: Date?, _ by: String?) -> ComplaintStep? { at.flatMap { at in by.map { ComplaintStep(at: at, by: $0) } } }
        let answer = result.flatMap { r in measures.map { ComplaintAnswer(result: r, measures: $0, upheld: upheld ?? false) } }
        return Complaint(number: number, channel: channel, type: type, unit: unit, windowID: windowID, staffID: staffID, staffName: staffName,
                         content: content, demand: demand, complainant: Complainant(name: complainantName, phone: complainantPhone),
                         state: state, receivedOn: receivedOn, answerDue: answerDue, received: ComplaintStep(at: receivedAt, by: receivedBy),
                         investigating: step(investigatingAt, investigatingBy), answered: step(answeredAt, answeredBy),
                         closed: step(closedAt, closedBy), answer: answer, published: step(publishedAt, publishedBy),
                         rating: ratedSatisfied.flatMap { s in ratedAt.map { ComplaintRating(satisfied: s, at: $0) } }, ratingCode: ratingCode)
    }
}
