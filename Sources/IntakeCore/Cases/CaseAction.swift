/// What a window, a department or the pickup window does to a case.
public enum CaseAction: Sendable, Hashable {
    /// Marks checklist lines after checking the paper (or a capture): present, missing, flawed.
    case checkMaterials([MaterialCheck])
    /// Fills form fields (field id → value) as the applicant gives them.
    case fillForm([String: String])
    /// 受理: every required material satisfied. An immediate case (即办件) is accepted and
    /// decided at once by ``decide(itemID:result:)`` at the same window.
    case accept
    /// 一次性告知: everything missing or wrong at once; the case waits for the correction.
    case requestCorrection([CorrectionNotice.Item])
    /// The applicant came back with the corrections: the case is checked again.
    case correctionsSupplied([MaterialCheck])
    /// 容缺受理 with the applicant's signed pledge.
    case acceptWithDeficiencies(materialIDs: [String], supplyBy: CivilDay, form: String, consequence: String, pledgeSigned: Bool)
    /// The pledged materials arrived.
    case supplyDeficiencies
    /// 不予受理 with reasons and legal basis.
    case refuse(reasons: [String], legalBasis: String)
    /// A department's step on its item (审核, 现场勘察, 上报…).
    case step(itemID: String, name: String, opinion: String)
    /// A special procedure or a correction during handling starts: the clock stops.
    case suspend(reason: String)
    case resume
    /// An item's result; when every item has one the case waits at pickup.
    case decide(itemID: String, result: SubCaseResult)
    /// The result handed out at the unified pickup window (统一出件), or sent by courier.
    case handOver(HandOver)
    case withdraw(reason: String)
    /// 补正不来办结: the applicant never came back with the corrections.
    case lapse
    /// 帮办代办: the case is taken on by a proxy staff member against a delegation slip.
    case delegate(ProxyService)
    /// A proxy case sent to a higher-level proxy team, and the answer pushed back.
    case escalateProxy(to: String)
    case proxyResult(String)

    public var name: String {
        switch self {
        case .checkMaterials: "check-materials"
        case .fillForm: "form"
        case .accept: "accept"
        case .requestCorrection: "correct"
        case .correctionsSupplied: "corrections-supplied"
        case .acceptWithDeficiencies: "accept-with-deficiencies"
        case .supplyDeficiencies: "supply-deficiencies"
        case .refuse: "refuse"
        case .step: "step"
        case .suspend: "suspend"
        case .resume: "resume"
        case .decide: "decide"
        case .handOver: "hand-over"
        case .withdraw: "withdraw"
        case .lapse: "lapse"
        case .delegate: "delegate"
        case .escalateProxy: "escalate-proxy"
        case .proxyResult: "proxy-result"
        }
    }
}

/// A checklist line marked at the window.
public struct MaterialCheck: Codable, Sendable, Hashable {
    public var materialID: String
    public var status: CaseMaterial.Status
    public var note: String?

    public init(materialID: String, status: CaseMaterial.Status, note: String? = nil) {
        self.materialID = materialID; self.status = status; self.note = note
    }
}

/// Why an action was refused, in words the clerk can act on.
public enum CaseError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAllowed(action: String, state: CaseState)
    case unknownMaterial(String)
    case unknownField(String)
    case unknownItem(String)
    case materialsIncomplete([String])
    case keyMaterialMissing([String])
    case untrustworthyApplicant
    case pledgeNotSigned
    case supplyDeadlineTooLate(supplyBy: CivilDay, promisedDue: CivilDay)
    case nothingToCorrect
    case emptyText(String)
    case resultsMissing([String])
    case alreadyDecided(String)
    case pledgedMaterialsOutstanding([String])
    case correctionIncomplete([String])
    case correctionBeyondFirstNotice([String])
    case applicantRequired
    case supplyDeadlinePassed(CivilDay)
    case statusNotSettable(String)
    /// 统一收费: fees due by this step are not paid yet.
    case feesUnpaid([String])

    public var description: String {
        switch self {
        case .feesUnpaid(let fees): "take the fee first: \(fees.joined(separator: ", ")) (统一收费)"
        case .notAllowed(let action, let state): "cannot \(action) a case that is \(state.rawValue) (\(state.chineseName))"
        case .unknownMaterial(let id): "the case has no material \"\(id)\""
        case .unknownField(let id): "the case's form has no field \"\(id)\""
        case .unknownItem(let id): "the case has no item \"\(id)\""
        case .materialsIncomplete(let names): "materials not complete: \(names.joined(separator: ", ")); give a one-time correction notice or accept with deficiencies"
        case .keyMaterialMissing(let names): "accept-with-deficiencies needs every key material; missing: \(names.joined(separator: ", "))"
        case .untrustworthyApplicant: "the applicant is on the dishonesty list (失信): accept-with-deficiencies is not open to them"
        case .pledgeNotSigned: "the applicant has not signed the pledge (承诺书)"
        case .supplyDeadlineTooLate(let by, let due): "the supply deadline \(by) is after the promised completion date \(due)"
        case .nothingToCorrect: "a correction notice lists at least one material and how to correct it"
        case .emptyText(let field): "\(field) must not be empty"
        case .resultsMissing(let items): "items without a result: \(items.joined(separator: ", "))"
        case .alreadyDecided(let item): "item \(item) has its result already"
        case .correctionIncomplete(let names): "the one-time notice must list everything found missing or flawed; not listed: \(names.joined(separator: ", "))"
        case .correctionBeyondFirstNotice(let names): "the first notice listed everything to correct; it cannot ask for more now: \(names.joined(separator: ", "))"
        case .applicantRequired: "accept-with-deficiencies needs the applicant recorded: the pledge is theirs to sign"
        case .supplyDeadlinePassed(let day): "the supply deadline \(day) has already passed"
        case .statusNotSettable(let status): "a window marks a material present, missing or flawed, not \(status)"
        case .pledgedMaterialsOutstanding(let names): "the pledged materials are not supplied yet: \(names.joined(separator: ", ")); supply them first"
        }
    }
}
