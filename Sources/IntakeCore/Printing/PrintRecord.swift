#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One print of a document (a queue ticket, later the notices of a case): kept so a reprint
/// is known to be one and marked so on paper (issue: "reprint … marked as a reprint"), and
/// so the technician can see what failed and why.
public struct PrintRecord: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var printerID: String
    /// `ticket`, `notice`…
    public var documentKind: String
    /// The id of the ticket or document printed.
    public var documentID: String
    /// For people: `ticket B001`.
    public var title: String
    public var reprint: Bool
    public var state: PrintState
    /// Why it failed: the printer's own words (`paper out`).
    public var reason: String?
    public var submittedAt: Date
    public var finishedAt: Date?

    public init(id: String, printerID: String, documentKind: String, documentID: String, title: String, reprint: Bool,
                state: PrintState = .queued, reason: String? = nil, submittedAt: Date, finishedAt: Date? = nil) {
        self.id = id; self.printerID = printerID; self.documentKind = documentKind; self.documentID = documentID
        self.title = title; self.reprint = reprint; self.state = state; self.reason = reason
        self.submittedAt = submittedAt; self.finishedAt = finishedAt
    }
}

public enum PrintState: String, Codable, Sendable, Hashable {
    case queued, printing, printed, failed
}
