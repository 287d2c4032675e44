#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One item of a case, handled by its department (按责转办). A bundle case has one per item,
/// the lead department co-ordinating (一次联办); the citizen sees one case number.
public struct SubCase: Codable, Sendable, Hashable {
    public var itemID: String
    public var itemName: String
    public var department: String
    public var promisedLimitDays: Int
    public var legalLimitDays: Int
    public var specialProcedures: [String]
    public var steps: [DepartmentStep]
    public var result: SubCaseResult?
    /// The item's fee as the catalog had it when the case was opened (统一收费, seed 004 §9.6).
    public var fee: Fee?

    public init(itemID: String, itemName: String, department: String, promisedLimitDays: Int, legalLimitDays: Int,
                specialProcedures: [String] = [], steps: [DepartmentStep] = [], result: SubCaseResult? = nil, fee: Fee? = nil) {
        self.itemID = itemID; self.itemName = itemName; self.department = department; self.promisedLimitDays = promisedLimitDays
        self.legalLimitDays = legalLimitDays; self.specialProcedures = specialProcedures; self.steps = steps; self.result = result
        self.fee = fee
    }
}

/// A step of a department on its part of the case (环节: review, site inspection, decision…),
/// with the handler, the time and the opinion (办理意见), as in `up_pro_process`.
public struct DepartmentStep: Codable, Sendable, Hashable {
    public var name: String
    public var department: String
    public var handler: String
    public var opinion: String
    public var at: Date

    public init(name: String, department: String, handler: String, opinion: String, at: Date) {
        self.name = name; self.department = department; self.handler = handler; self.opinion = opinion; self.at = at
    }
}

/// How one item ended (办结结果, domain.md §3.1).
public struct SubCaseResult: Codable, Sendable, Hashable {
    public var outcome: Outcome
    public var opinion: String
    public var handler: String
    public var at: Date
    /// The certificate or document issued (证照名称), if any.
    public var certificate: String?

    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// 准予许可 / 出证办结.
        case granted
        /// 不予许可.
        case refused

        public var chineseName: String { self == .granted ? "准予办理" : "不予办理" }
    }

    public init(outcome: Outcome, opinion: String, handler: String, at: Date, certificate: String? = nil) {
        self.outcome = outcome; self.opinion = opinion; self.handler = handler; self.at = at; self.certificate = certificate
    }
}
