#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// 帮办代办 (seed 001 §二(五), seed 003 §二(二)2(2)): the applicant signs a delegation slip
/// (委托单) on the spot and gets a receipt; a proxy staff member is assigned; a case beyond the
/// hall's level is escalated to a higher-level proxy team and its result pushed back. Every
/// proxy case is a line of the ledger (台账).
public struct ProxyService: Codable, Sendable, Hashable {
    public var slipNumber: String
    public var delegatedOn: CivilDay
    /// What the applicant asks the hall to do for them.
    public var request: String
    public var assignedTo: String
    public var assignedName: String
    public var escalatedTo: String?
    public var escalatedOn: CivilDay?
    /// The higher level's answer, pushed back to the hall.
    public var escalationResult: String?
    public var resultOn: CivilDay?

    public init(slipNumber: String, delegatedOn: CivilDay, request: String, assignedTo: String, assignedName: String) {
        self.slipNumber = slipNumber; self.delegatedOn = delegatedOn; self.request = request; self.assignedTo = assignedTo
        self.assignedName = assignedName
    }
}
