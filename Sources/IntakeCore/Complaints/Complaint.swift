import Foundation

/// A complaint (投诉, seed 004 §10): the form's fields of §10.2 — its number, the unit or
/// window complained about, the type, the person complained about, the content and the
/// complainant's demand — its states, each with who and when, the answer, and whether the
/// corrective measures are published (§10.4). The complainant's name and phone are personal
/// data: only ``ComplaintPublicView`` is ever shown without a staff member's audited read.
public struct Complaint: Codable, Sendable, Equatable {
    /// 投诉举报受理编号 (§10.2 a), ``ComplaintNumber``.
    public var number: String
    public var channel: ComplaintChannel
    public var type: ComplaintType
    /// 被投诉举报单位或部门 (§10.2 b); at least one of `unit` and `windowID`.
    public var unit: String?
    /// The window complained about, linked for the window's figures (§12.3.6).
    public var windowID: String?
    /// 被投诉举报人 (§10.2 d): a staff account, linked for their figures (§12.3.6).
    public var staffID: String?
    /// The staff member's name when filed, for the supervisor (never public).
    public var staffName: String?
    public var content: String
    public var demand: String
    public var complainant: Complainant
    public var state: ComplaintState
    /// The hall-local day it was received: the answer deadline counts from it.
    public var receivedOn: CivilDay
    /// The last day to answer, fixed when received (a later policy change does not move it).
    public var answerDue: CivilDay
    public var received: ComplaintStep
    public var investigating: ComplaintStep?
    public var answered: ComplaintStep?
    public var closed: ComplaintStep?
    public var answer: ComplaintAnswer?
    /// When and by whom the corrective measures were published (§10.4); nil while not.
    public var published: ComplaintStep?
    /// The complainant's word on the result (§12.3.6a), given once after the answer.
    public var rating: ComplaintRating?
    /// The code only the complainant is given at filing, which a rating needs: the number
    /// alone is a day and a sequence, so anyone could guess it and rate in their place.
    public var ratingCode: String?

    public var isPublished: Bool { published != nil }

    public init(number: String, channel: ComplaintChannel, type: ComplaintType, unit: String?, windowID: String?, staffID: String?,
                staffName: String?, content: String, demand: String, complainant: Complainant, state: ComplaintState, receivedOn: CivilDay,
                answerDue: CivilDay, received: ComplaintStep, investigating: ComplaintStep?, answered: ComplaintStep?, closed: ComplaintStep?,
                answer: ComplaintAnswer?, published: ComplaintStep?, rating: ComplaintRating? = nil,
                ratingCode: String? = nil) {
        self.number = number; self.channel = channel; self.type = type; self.unit = unit; self.windowID = windowID
        self.staffID = staffID; self.staffName = staffName; self.content = content; self.demand = demand; self.complainant = complainant
        self.state = state; self.receivedOn = receivedOn; self.answerDue = answerDue; self.received = received
        self.investigating = investigating; self.answered = answered; self.closed = closed; self.answer = answer; self.published = published
        self.rating = rating; self.ratingCode = ratingCode
    }
}

/// Who moved a complaint to a state, and when: a staff ID, or `kiosk:ID` / `online` for a
/// complaint filed by the citizen.
public struct ComplaintStep: Codable, Sendable, Equatable {
    public var at: Date
    public var by: String

    public init(at: Date, by: String) { self.at = at; self.by = by }
}

/// The complainant (personal data): both optional, as a complaint may be anonymous and is
/// followed up by its number (§10.3).
public struct Complainant: Codable, Sendable, Equatable {
    public var name: String?
    public var phone: String?

    public init(name: String? = nil, phone: String? = nil) { self.name = name; self.phone = phone }

    /// The name as a list shows it: the family name, the rest as `*` (王**).
    public var maskedName: String? { name.map { String($0.prefix(1)) + String(repeating: "*", count: max(1, $0.count - 1)) } }
}

/// Whether the complainant is satisfied with the handling's result (seed 004 §12.3.6a 投诉处理结果满意情况).
public struct ComplaintRating: Codable, Sendable, Equatable {
    public var satisfied: Bool
    public var at: Date

    public init(satisfied: Bool, at: Date) { self.satisfied = satisfied; self.at = at }
}

/// The answer (§10.1 处理回复): the result of the investigation and the corrective measures
/// taken, which a supervisor may publish (§10.4).
public struct ComplaintAnswer: Codable, Sendable, Equatable {
    public var result: String
    public var measures: String
    /// Whether the investigation found the complaint justified: §12.3.6 b) deducts for those.
    public var upheld: Bool

    public init(result: String, measures: String, upheld: Bool) { self.result = result; self.measures = measures; self.upheld = upheld }
}

/// How a complaint reached the hall (§10.2: 电话、网上、现场和信件).
public enum ComplaintChannel: String, Codable, Sendable, CaseIterable {
    case kiosk, window, phone, letter, online

    public var chineseName: String {
        switch self {
        case .kiosk: "自助终端"
        case .window: "窗口"
        case .phone: "电话"
        case .letter: "信件"
        case .online: "网上"
        }
    }

    /// Phone calls, letters and complaints at a window are entered by staff.
    public var enteredByStaff: Bool { self == .window || self == .phone || self == .letter }
}

/// 投诉举报类型 (§10.2 c).
public enum ComplaintType: String, Codable, Sendable, CaseIterable {
    case attitude, efficiency, extraRequirements, fees, misconduct, other

    public var chineseName: String {
        switch self {
        case .attitude: "服务态度"
        case .efficiency: "办事效率"
        case .extraRequirements: "增加材料或环节"
        case .fees: "收费问题"
        case .misconduct: "违规违纪"
        case .other: "其他"
        }
    }
}

/// received → investigating → answered → closed.
public enum ComplaintState: String, Codable, Sendable, CaseIterable {
    case received, investigating, answered, closed

    public var chineseName: String {
        switch self {
        case .received: "已受理"
        case .investigating: "调查处理中"
        case .answered: "已答复"
        case .closed: "已办结"
        }
    }

    /// Answered or closed: the deadline to answer no longer runs.
    public var isAnswered: Bool { self == .answered || self == .closed }
}
