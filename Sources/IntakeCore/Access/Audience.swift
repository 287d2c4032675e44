/// Who may call a route, declared where the route is (R8): every route has one, and
/// anonymous access is a decision written down as `.public`, never a default.
public enum Audience: Sendable, Hashable, CustomStringConvertible {
    /// Anyone on the hall network: catalog, queues, board, progress without personal data.
    case `public`
    /// An enrolled kiosk (whatever takes a card off the kiosk's reader).
    case kiosk
    /// A signed-in staff member holding any of these roles.
    case staff(Set<StaffRole>)
    /// Any signed-in staff member, whatever their roles (their own session).
    case anyStaff
    /// An enrolled kiosk, or a staff member with one of these roles (a print retry, a card
    /// on the reader the caller owns).
    case kioskOrStaff(Set<StaffRole>)

    public static func roles(_ roles: StaffRole...) -> Audience { .staff(Set(roles)) }

    /// Whether the caller may call a route of this audience, and if not, why.
    public func admits(_ caller: Caller) -> AccessDecision {
        switch (self, caller) {
        case (.public, _): return .allowed
        case (.kioskOrStaff, .kiosk): return .allowed
        case (.kioskOrStaff(let roles), _): return Audience.staff(roles).admits(caller)
        case (.kiosk, .kiosk): return .allowed
        case (.kiosk, .anonymous): return .unauthenticated("this needs an enrolled kiosk's device token")
        case (.kiosk, .staff): return .forbidden("this is for an enrolled kiosk")
        case (.anyStaff, .staff): return .allowed
        case (.staff(let roles), .staff(let s)):
            return roles.contains(where: s.has) ? .allowed : .forbidden("this needs the role \(Self.names(roles))")
        case (.staff, .anonymous), (.anyStaff, .anonymous): return .unauthenticated("sign in first (POST /api/v1/session)")
        case (.staff(let roles), .kiosk): return .forbidden("this needs a staff member with the role \(Self.names(roles)), not a kiosk")
        case (.anyStaff, .kiosk): return .forbidden("this needs a signed-in staff member, not a kiosk")
        }
    }

    public var description: String {
        switch self {
        case .public: "public"
        case .kiosk: "kiosk"
        case .anyStaff: "staff"
        case .staff(let roles): roles.sorted().map(\.rawValue).joined(separator: "|")
        case .kioskOrStaff(let roles): "kiosk|" + roles.sorted().map(\.rawValue).joined(separator: "|")
        }
    }

    static func names(_ roles: Set<StaffRole>) -> String { roles.sorted().map(\.rawValue).joined(separator: " or ") }
}

/// The answer of an access check: allowed, or refused with what would be needed.
public enum AccessDecision: Sendable, Equatable {
    case allowed
    /// No (live) session or device credential: 401.
    case unauthenticated(String)
    /// Signed in, but the role or binding does not allow it: 403.
    case forbidden(String)

    public var isAllowed: Bool { self == .allowed }
}
