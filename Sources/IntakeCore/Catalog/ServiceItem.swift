/// A service item (政务服务事项) with the elements of its service guide (办事指南).
///
/// Fields follow the national item-list exchange schema (基本编码 12 chars, 实施编码,
/// 法定/承诺办结时限, 办件类型, 到办事现场次数) and seed 004 §5.8 / seed 003 §二(一).
public struct ServiceItem: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    /// 基本编码: 12 characters in the national catalogue.
    public var basicCode: String
    /// 实施编码: treated as an opaque string.
    public var implementingCode: String
    public var name: String
    public var type: ItemType
    public var department: String
    public var legalBasis: String?
    public var acceptanceConditions: String?
    public var intermediaryServices: [String]?
    /// 法定办结时限, in working days.
    public var legalLimitDays: Int
    /// 承诺办结时限, in working days; never longer than the legal limit.
    public var promisedLimitDays: Int
    public var caseType: CaseType
    public var fee: Fee?
    public var result: ItemResult?
    /// 特别程序 that stop the clock: hearing, inspection, testing, expert review…
    public var specialProcedures: [String]?
    /// 到办事现场次数: 0 for fully online, 1 for "only one visit".
    public var visitsRequired: Int
    public var materials: [Material]
    public var formFields: [FormField]?
    /// Names of the fields whose values are invented examples, not from the seed.
    public var examples: [String]?
    /// 进驻大厅: the item is taken in at the hall's windows (seed 004 §12.3.4a, 受理集中率);
    /// absent means yes, `false` marks an item its department still takes in elsewhere.
    public var acceptedInHall: Bool?

    public init(
        id: String, basicCode: String, implementingCode: String, name: String, type: ItemType,
        department: String, legalBasis: String? = nil, acceptanceConditions: String? = nil,
        intermediaryServices: [String]? = nil, legalLimitDays: Int, promisedLimitDays: Int,
        caseType: CaseType, fee: Fee? = nil, result: ItemResult? = nil, specialProcedures: [String]? = nil,
        visitsRequired: Int, materials: [Material], formFields: [FormField]? = nil, examples: [String]? = nil
    ) {
        self.id = id; self.basicCode = basicCode; self.implementingCode = implementingCode
        self.name = name; self.type = type; self.department = department
        self.legalBasis = legalBasis; self.acceptanceConditions = acceptanceConditions
        self.intermediaryServices = intermediaryServices
        self.legalLimitDays = legalLimitDays; self.promisedLimitDays = promisedLimitDays
        self.caseType = caseType; self.fee = fee; self.result = result
        self.specialProcedures = specialProcedures; self.visitsRequired = visitsRequired
        self.materials = materials; self.formFields = formFields; self.examples = examples
    }
}

/// Kinds of service item (seed 000 §3.4).
public enum ItemType: String, Codable, Sendable, CaseIterable {
    case licensing = "行政许可"
    case confirmation = "行政确认"
    case adjudication = "行政裁决"
    case benefit = "行政给付"
    case reward = "行政奖励"
    case filing = "行政备案"
    case otherPower = "其他行政权力"
    case publicService = "公共服务"
}

/// 办件类型 (seed 003 §二(二)2). `returned` (退办件) is an outcome of a case, not a guide element.
public enum CaseType: String, Codable, Sendable, CaseIterable {
    case immediate, promised, joint, escalated

    public var chineseName: String {
        switch self {
        case .immediate: "即办件"
        case .promised: "承诺件"
        case .joint: "联办件"
        case .escalated: "上报件"
        }
    }
}

/// 收费: whether a fee is charged, on what basis and how much (seed 004 §9.6 统一收费).
/// A charged item names its amount in fen (`amountFen`) and when the window takes it: when
/// the case is accepted, or before the result is handed out (the default).
public struct Fee: Codable, Sendable, Hashable {
    public var charged: Bool
    public var basis: String?
    /// The amount as the service guide words it (`住宅每件80元`).
    public var amount: String?
    /// The amount the window takes, in fen (分): 8000 for 80 yuan.
    public var amountFen: Int?
    public var due: FeeDue?

    public init(charged: Bool, basis: String? = nil, amount: String? = nil, amountFen: Int? = nil, due: FeeDue? = nil) {
        self.charged = charged; self.basis = basis; self.amount = amount; self.amountFen = amountFen; self.due = due
    }
}

/// When the window takes an item's fee.
public enum FeeDue: String, Codable, Sendable, CaseIterable {
    case acceptance, handOver
}

/// 办理结果: the document the citizen receives. When it is itself a material of a later item
/// (出生医学证明 in 新生儿出生), `producesMaterial` names that material's id.
public struct ItemResult: Codable, Sendable, Hashable {
    public var name: String
    public var producesMaterial: String?
    public init(name: String, producesMaterial: String? = nil) {
        self.name = name; self.producesMaterial = producesMaterial
    }
}

/// One field of an application form, keyed by a canonical id (`applicant.name`) so a
/// bundle's merged form (一表申请) asks it once.
public struct FormField: Codable, Sendable, Hashable {
    public var id: String
    public var label: String
    /// `false` when the field holds nothing about a person (变更事项, 车辆数量), so it may be
    /// shown in clear outside the clerk's window. Absent means personal: masking is an allow-list.
    public var personal: Bool?
    public init(id: String, label: String, personal: Bool? = nil) { self.id = id; self.label = label; self.personal = personal }
}
