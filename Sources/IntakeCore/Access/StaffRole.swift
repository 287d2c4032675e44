/// What a staff account may do in the hall (R8 information security: each person sees and
/// does only what their work needs). An account may hold several roles.
public enum StaffRole: String, Codable, Sendable, CaseIterable, Comparable {
    /// Signs in at a window and serves citizens.
    case clerk
    /// Back-office staff of one department: steps, results and clock stops of its cases.
    case department
    /// 帮办代办 staff.
    case proxy
    /// Devices and their pages.
    case technician
    /// Reviews, rectification, complaints, reports, and read access to every case (audited).
    case supervisor
    /// Accounts.
    case admin

    public var chineseName: String {
        switch self {
        case .clerk: "窗口人员"
        case .department: "部门审批人员"
        case .proxy: "帮办代办人员"
        case .technician: "运维人员"
        case .supervisor: "监督管理人员"
        case .admin: "系统管理员"
        }
    }

    public static func < (a: StaffRole, b: StaffRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
