/// Who may read and act on a case (R8 "staff must not leak citizens' information"; seed 004
/// §9: the window receives, the departments decide). The window binding comes from the
/// caller's session, never from anything the request says.
public enum CaseAccess {
    /// Which kind of staff work an action is.
    public enum Work: Sendable, Equatable {
        /// Before acceptance, at the case's own window: materials, form, decisions.
        case atCaseWindow
        /// After acceptance, at whichever window the citizen comes back to: pledged papers,
        /// hand-over, withdrawal.
        case atAnyWindow
        /// Back office of the item's department (step, result) or of any department of the case.
        case department(itemID: String?)
        /// 帮办代办 staff, or the clerk at the case's window who hands the case over to them.
        case delegation
        /// The 帮办代办 staff member the case is delegated to.
        case proxy
    }

    public static func work(of action: CaseAction) -> Work {
        switch action {
        case .checkMaterials, .fillForm, .accept, .requestCorrection, .correctionsSupplied, .acceptWithDeficiencies, .refuse, .lapse:
            .atCaseWindow
        case .supplyDeficiencies, .handOver, .withdraw: .atAnyWindow
        case .step(let itemID, _, _), .decide(let itemID, _): .department(itemID: itemID)
        case .suspend, .resume: .department(itemID: nil)
        case .delegate: .delegation
        case .escalateProxy, .proxyResult: .proxy
        }
    }

    /// Whether `staff` may take `action` on the case.
    public static func mayAct(_ action: CaseAction, on c: ServiceCase, by staff: SignedInStaff) -> AccessDecision {
        let decision = mayDo(work(of: action), on: c, by: staff)
        guard decision.isAllowed else { return decision }
        if case .handOver(let h) = action, let w = h.windowID, w != staff.windowID {
            return .forbidden("you are signed in at window \(staff.windowID ?? "-"), not at window \(w)")
        }
        return .allowed
    }

    /// Whether `staff` may do this kind of work on the case (checked before the request's
    /// body is read; ``mayAct(_:on:by:)`` then checks the action itself).
    public static func mayDo(_ work: Work, on c: ServiceCase, by staff: SignedInStaff) -> AccessDecision {
        switch work {
        case .atCaseWindow: return atCaseWindow(c, staff)
        case .atAnyWindow:
            guard staff.has(.clerk), staff.windowID != nil else {
                return .forbidden("this needs a clerk signed in at a window (POST /api/v1/windows/{id}/sign-in)")
            }
            return .allowed
        case .department(let itemID): return department(c, staff, itemID: itemID)
        case .delegation:
            // A proxy staff member takes on a case not yet delegated, or one of their own.
            if staff.has(.proxy), c.proxy == nil || c.proxy?.assignedTo == staff.id { return .allowed }
            return atCaseWindow(c, staff)
        case .proxy:
            guard staff.has(.proxy) else { return .forbidden("this needs the role proxy (帮办代办)") }
            guard let proxy = c.proxy else { return .forbidden("case \(c.number) has not been delegated to proxy service") }
            return proxy.assignedTo == staff.id ? .allowed
                : .forbidden("case \(c.number) is delegated to \(proxy.assignedTo), not to you")
        }
    }

    /// Whether `staff` may capture or remove pages of the case's materials: the clerk at its
    /// window, whose camera is the one on their desk.
    public static func mayChangeMaterials(_ c: ServiceCase, by staff: SignedInStaff) -> AccessDecision {
        atCaseWindow(c, staff)
    }

    /// Whether `staff` may read the case's applicant, form and page images in full. Every
    /// such read is audited by the caller of this check.
    public static func mayReadInFull(_ c: ServiceCase, by staff: SignedInStaff) -> AccessDecision {
        if staff.has(.supervisor) { return .allowed }
        if staff.has(.clerk), let w = c.windowID, staff.windowID == w { return .allowed }
        if staff.has(.department), isDispatched(c, to: staff.account.department) { return .allowed }
        if staff.has(.proxy), c.proxy?.assignedTo == staff.id { return .allowed }
        return .forbidden("the applicant in full is for the clerk signed in at window \(c.windowID ?? "-"), "
                          + "the departments the case is dispatched to, and supervisors")
    }

    /// Whether the case shows in this staff member's lists (masked): a department sees its own.
    public static func maySee(_ c: ServiceCase, by staff: SignedInStaff) -> Bool {
        if staff.has(.supervisor) || staff.has(.clerk) || staff.has(.proxy) { return true }
        return staff.has(.department) && c.subCases.contains { $0.department == staff.account.department }
    }

    /// A case is the department's once accepted and one of its items is the department's.
    public static func isDispatched(_ c: ServiceCase, to department: String?) -> Bool {
        guard let department, c.acceptedOn != nil else { return false }
        return c.subCases.contains { $0.department == department }
    }

    private static func atCaseWindow(_ c: ServiceCase, _ staff: SignedInStaff) -> AccessDecision {
        guard staff.has(.clerk) else { return .forbidden("this needs the role clerk, signed in at window \(c.windowID ?? "-")") }
        guard let w = c.windowID else { return .forbidden("case \(c.number) was not opened at a window") }
        guard staff.windowID == w else {
            return .forbidden("case \(c.number) is at window \(w); you are signed in at \(staff.windowID.map { "window \($0)" } ?? "no window")")
        }
        return .allowed
    }

    private static func department(_ c: ServiceCase, _ staff: SignedInStaff, itemID: String?) -> AccessDecision {
        guard staff.has(.department), let mine = staff.account.department else { return .forbidden("this needs the role department") }
        guard c.acceptedOn != nil else { return .forbidden("case \(c.number) has not been accepted and dispatched yet") }
        if let itemID {
            guard let sub = c.subCases.first(where: { $0.itemID == itemID }) else { return .allowed }  // the action names the unknown item
            return sub.department == mine ? .allowed : .forbidden("item \(itemID) of case \(c.number) is for \(sub.department), not \(mine)")
        }
        return c.subCases.contains { $0.department == mine } ? .allowed
            : .forbidden("case \(c.number) is not dispatched to \(mine)")
    }
}
