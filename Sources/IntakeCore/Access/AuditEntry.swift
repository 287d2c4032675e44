import Foundation

/// One read of a citizen's personal data by a staff member (R8): who, which case, what, when.
/// Kept in the hall's database for supervisors and `onevisit audit`.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: Int64?
    public var at: Date
    public var staffID: String
    public var caseNumber: String?
    /// What was read: `applicant`, `form`, `page-image`, `window-applicant`, `window-photo`, `complaint`
    /// (its number in `detail`).
    public var what: String
    /// Which page, which window: never the data itself.
    public var detail: String?

    public init(at: Date, staffID: String, caseNumber: String?, what: String, detail: String? = nil) {
        self.at = at; self.staffID = staffID; self.caseNumber = caseNumber; self.what = what; self.detail = detail
    }
}
