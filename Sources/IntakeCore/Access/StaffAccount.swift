import Foundation

/// A staff member's account in the hall's database. The password hash is kept by the
/// store, never in this value, so an account can be shown and logged safely.
public struct StaffAccount: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var roles: Set<StaffRole>
    /// The department whose cases a `department` account works on.
    public var department: String?
    public var disabled: Bool

    public init(id: String, name: String, roles: Set<StaffRole>, department: String? = nil, disabled: Bool = false) {
        self.id = id; self.name = name; self.roles = roles; self.department = department; self.disabled = disabled
    }

    public func has(_ role: StaffRole) -> Bool { roles.contains(role) }

    /// What is wrong with the account as given, in words for the admin; empty when it is fine.
    public var problems: [String] {
        var problems: [String] = []
        if !Self.isValidID(id) { problems.append("staff id \"\(id)\" must be 1–32 letters, digits, '-', '_' or '.'") }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("name must not be empty") }
        if name.count > 40 { problems.append("name must be at most 40 characters") }
        if roles.isEmpty { problems.append("give at least one role: \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))") }
        if roles.contains(.department), (department ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append("a department account needs --department")
        }
        return problems
    }

    public static func isValidID(_ id: String) -> Bool {
        (1...32).contains(id.count) && id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }
}
