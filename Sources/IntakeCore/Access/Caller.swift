/// Who is asking: nobody signed in, an enrolled kiosk, or a signed-in staff member.
public enum Caller: Sendable, Equatable {
    case anonymous
    /// A kiosk is a device, not a person: enrolled once with `onevisit device enrol`.
    case kiosk(EnrolledDevice)
    case staff(SignedInStaff)

    public var staff: SignedInStaff? { if case .staff(let s) = self { s } else { nil } }
    public var kiosk: EnrolledDevice? { if case .kiosk(let d) = self { d } else { nil } }
}

/// A staff member with a live session, and the window they are signed in at (clerks).
public struct SignedInStaff: Sendable, Equatable {
    public var account: StaffAccount
    public var windowID: String?

    public init(account: StaffAccount, windowID: String? = nil) {
        self.account = account; self.windowID = windowID
    }

    public var id: String { account.id }
    public func has(_ role: StaffRole) -> Bool { account.has(role) }
}

/// An enrolled hall device (a kiosk) with its own credential.
public struct EnrolledDevice: Codable, Sendable, Equatable {
    public var id: String
    public var kind: Kind
    public enum Kind: String, Codable, Sendable { case kiosk }

    public init(id: String, kind: Kind = .kiosk) { self.id = id; self.kind = kind }
}
