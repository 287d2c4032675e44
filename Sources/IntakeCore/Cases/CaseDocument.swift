#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A written document of a case (R4): kept as issued, printed at the window when a printer
/// is there. The applicant appears masked: the paper may be left on a counter.
public struct CaseDocument: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var caseID: String
    public var caseNumber: String
    public var kind: Kind
    public var title: String
    /// 文书编号: the case number and the kind's suffix.
    public var number: String
    public var fields: [Line]
    public var sections: [Section]
    public var signatures: [String]
    public var issuedAt: Date

    /// The line that names the applicant (masked): retention erases its value with the applicant.
    public static let applicantLabel = "申请人"

    public struct Line: Codable, Sendable, Hashable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) { self.label = label; self.value = value }
    }

    public struct Section: Codable, Sendable, Hashable {
        public var heading: String
        public var lines: [String]
        public var numbered: Bool
        public init(_ heading: String, _ lines: [String], numbered: Bool = true) { self.heading = heading; self.lines = lines; self.numbered = numbered }
    }

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case acceptanceNotice, correctionNotice, deficiencyNotice, pledge, refusalDecision, delegationReceipt, pickupSlip, resultNotice
        /// 收费凭证: numbered by its receipt, one per payment.
        case feeReceipt

        public var title: String {
            switch self {
            case .acceptanceNotice: "受理通知书"
            case .correctionNotice: "一次性告知书"
            case .deficiencyNotice: "容缺受理通知书"
            case .pledge: "容缺受理承诺书"
            case .refusalDecision: "不予受理决定书"
            case .delegationReceipt: "委托代办回执"
            case .pickupSlip: "领取凭证"
            case .resultNotice: "办结通知"
            case .feeReceipt: "收费凭证"
            }
        }

        var suffix: String {
            switch self {
            case .acceptanceNotice: "SL"
            case .correctionNotice: "BZ"
            case .deficiencyNotice: "RQ"
            case .pledge: "CN"
            case .refusalDecision: "BY"
            case .delegationReceipt: "WT"
            case .pickupSlip: "LQ"
            case .resultNotice: "BJ"
            case .feeReceipt: "SF"
            }
        }
    }
}

/// Builds the documents a transition issues, from the case as it is after it.
public enum CaseDocuments {
    /// The documents `action` issues for the case after it (none for most steps).
    public static func issued(by action: CaseAction, case c: ServiceCase, deadline: CaseDeadline, today: CivilDay, id: () -> String,
                              at now: Date) -> [CaseDocument] {
        func doc(_ kind: CaseDocument.Kind, _ fields: [CaseDocument.Line], _ sections: [CaseDocument.Section], _ signatures: [String]) -> CaseDocument {
            CaseDocument(id: id(), caseID: c.id, caseNumber: c.number, kind: kind, title: kind.title, number: c.number + "-" + kind.suffix,
                         fields: head(c) + fields, sections: sections, signatures: signatures, issuedAt: now)
        }
        let due = deadline.promisedDue?.description ?? "-"
        switch action {
        case .accept:
            var sections = [CaseDocument.Section("受理事项", c.subCases.map { "\($0.itemName)（\($0.department)）" })]
            if !c.specialProcedures.isEmpty {
                sections.append(.init("特别程序（所需时间不计入办理时限）", c.specialProcedures))
            }
            var fields = [CaseDocument.Line("办件类型", c.caseType.chineseName), .init("受理日期", c.acceptedOn?.description ?? "-")]
            fields.append(.init(c.caseType == .immediate ? "办理方式" : "承诺办结日期", c.caseType == .immediate ? "当场办结" : due))
            return [doc(.acceptanceNotice, fields, sections, ["受理人"])]
        case .requestCorrection(let items):
            return [doc(.correctionNotice, [.init("告知日期", c.correction?.issuedOn.description ?? "-")],
                        [.init("需补正的全部内容", items.map { "\($0.name)：\($0.problem)。补正方式：\($0.remedy)" }),
                         .init("说明", ["以上为需补正的全部内容，补齐后即予受理，不再另行要求其他材料。"], numbered: false)],
                        ["申请人（签收）", "经办人"])]
        case .acceptWithDeficiencies:
            guard let d = c.deficiency else { return [] }
            let missing = c.materials.filter { d.materialIDs.contains($0.materialID) }.map(\.name)
            let terms = [CaseDocument.Section("容缺材料", missing),
                         .init("补正方式与期限", ["\(d.form)，最迟于 \(d.supplyBy) 前补齐（不晚于承诺办结日期 \(due)）"], numbered: false),
                         .init("逾期未补齐的处理", [d.consequence], numbered: false)]
            return [doc(.deficiencyNotice, [.init("受理日期", c.acceptedOn?.description ?? "-"), .init("承诺办结日期", due)], terms, ["受理人"]),
                    doc(.pledge, [], terms + [.init("承诺", ["本人承诺在上述期限内补齐容缺材料，逾期未补齐的，愿意承担相应后果。"], numbered: false)],
                        ["申请人（签字）"])]
        case .refuse:
            guard let r = c.refusal else { return [] }
            return [doc(.refusalDecision, [.init("决定日期", r.on.description)],
                        [.init("不予受理的理由", r.reasons), .init("法律依据", [r.legalBasis], numbered: false),
                         .init("救济途径", ["如不服本决定，可依法申请行政复议或者提起行政诉讼。"], numbered: false)],
                        ["经办人"])]
        case .delegate:
            guard let p = c.proxy else { return [] }
            return [doc(.delegationReceipt, [.init("委托单号", p.slipNumber), .init("委托日期", p.delegatedOn.description),
                                              .init("代办人员", p.assignedName), .init("承诺办结日期", due)],
                        [.init("委托事项", [p.request], numbered: false)], ["委托人（签字）", "代办人员"])]
        case .decide where c.state == .awaitingPickup:
            return [doc(.resultNotice, [.init("办结日期", today.description)],
                        [.init("办理结果", c.subCases.map { "\($0.itemName)：\($0.result?.outcome.chineseName ?? "-")\($0.result?.certificate.map { "（\($0)）" } ?? "")" }),
                         .init("领取", ["请到统一出件窗口取号领取，或申请邮寄送达。"], numbered: false)], [])]
        case .handOver(let h):
            return [doc(.pickupSlip, [.init("领取方式", h.mode == .pickup ? "窗口领取" : "邮寄送达")]
                        + (h.trackingNumber.map { [.init("快递单号", "\(h.courier ?? "") \($0)")] } ?? []),
                        [.init("领取结果", c.subCases.map { "\($0.itemName)：\($0.result?.outcome.chineseName ?? "-")" })], h.mode == .pickup ? ["领取人（签字）"] : [])]
        default:
            return []
        }
    }

    static func head(_ c: ServiceCase) -> [CaseDocument.Line] {
        var lines = [CaseDocument.Line("办件编号", c.number), .init("申请事项", c.title), .init("牵头部门", c.leadDepartment)]
        if let a = c.applicant { lines.append(.init(CaseDocument.applicantLabel, "\(a.maskedName) \(a.maskedNumber)")) }
        return lines
    }
}
