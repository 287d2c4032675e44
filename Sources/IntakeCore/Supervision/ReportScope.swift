/// Whose figures a row of a supervision report holds (seed 004 §12.3: per department, window
/// and staff member, and the hall as a whole). docs/METRICS.md says which record belongs to
/// which scope.
public struct ReportScope: Codable, Sendable, Hashable, Comparable {
    public enum Kind: String, Codable, Sendable, CaseIterable, Comparable {
        case hall, department, window, staff

        public static func < (a: Kind, b: Kind) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public var kind: Kind
    public var id: String
    public var name: String

    public init(kind: Kind, id: String, name: String) { self.kind = kind; self.id = id; self.name = name }

    public static func < (a: ReportScope, b: ReportScope) -> Bool { (a.kind, a.id) < (b.kind, b.id) }
}

/// The scope keys of each kind of record: the department, window and staff member it counts
/// for, each nil when the record has none.
struct ScopeKeys: Hashable {
    var department: String?
    var window: String?
    var staff: String?

    func key(_ kind: ReportScope.Kind) -> String? {
        switch kind {
        case .hall: ""
        case .department: department
        case .window: window
        case .staff: staff
        }
    }

    /// A case counts for its lead department, the window that took it in and the clerk who opened it.
    static func of(_ c: ServiceCase) -> ScopeKeys { ScopeKeys(department: c.leadDepartment, window: c.windowID, staff: c.openedBy) }

    static func of(_ r: Review) -> ScopeKeys { ScopeKeys(department: r.department, window: r.windowID, staff: r.staffID) }

    static func of(_ c: Complaint) -> ScopeKeys { ScopeKeys(department: c.unit, window: c.windowID, staff: c.staffID) }

    /// A ticket counts for the department of its item (or its bundle's lead department), the
    /// window it was last called to, and whoever was signed in there at its last finish or call.
    static func of(_ t: Ticket, events: [TicketEvent], catalog: Catalog) -> ScopeKeys {
        let department = t.itemID.flatMap { catalog.item($0)?.department } ?? t.bundleID.flatMap { catalog.bundle($0)?.leadDepartment }
        let served = events.last { $0.kind == .finish && $0.staffID != nil } ?? events.last { $0.kind == .call && $0.staffID != nil }
        return ScopeKeys(department: department, window: t.windowID, staff: served?.staffID)
    }
}
