#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One transition of a case with who took it and when (every decision and step is one).
public struct CaseEvent: Codable, Sendable, Hashable {
    public var id: Int64?
    public var caseID: String
    public var action: String
    public var from: CaseState?
    public var to: CaseState
    public var by: String
    public var at: Date
    public var detail: String?

    public init(id: Int64? = nil, caseID: String, action: String, from: CaseState?, to: CaseState, by: String, at: Date, detail: String?) {
        self.id = id; self.caseID = caseID; self.action = action; self.from = from; self.to = to; self.by = by; self.at = at
        self.detail = detail
    }
}
