import Foundation

/// What anyone with the number sees (seed 004 §10.3 结果反馈查询, §10.4): an allow-list —
/// the number, type, state and dates, the result once answered, and the corrective measures
/// only once published. Never the complainant, the content or demand, the unit, window or
/// person complained about, nor who handled it.
public struct ComplaintPublicView: Codable, Sendable, Equatable {
    public var number: String
    public var type: ComplaintType
    public var typeName: String
    public var state: ComplaintState
    public var stateName: String
    public var receivedOn: CivilDay
    public var answerDue: CivilDay
    public var answeredAt: Date?
    public var closedAt: Date?
    public var result: String?
    public var measures: String?
    public var publishedAt: Date?
    /// The complainant's rating of the result, once given (§12.3.6a).
    public var satisfied: Bool?

    public init(_ c: Complaint) {
        number = c.number; type = c.type; typeName = c.type.chineseName; state = c.state; stateName = c.state.chineseName
        receivedOn = c.receivedOn; answerDue = c.answerDue; answeredAt = c.answered?.at; closedAt = c.closed?.at
        result = c.answer?.result
        measures = c.published == nil ? nil : c.answer?.measures
        publishedAt = c.published?.at
        satisfied = c.rating?.satisfied
    }
}
