/// Who may end a window's sign-in (R8): the clerk who is there, or a supervisor, so that a
/// second clerk never takes over an occupied window by themselves.
public enum WindowAccess {
    public static func maySignOut(window: String, present: String?, by staff: SignedInStaff) -> AccessDecision {
        if staff.has(.supervisor) { return .allowed }
        guard let present else { return .allowed }
        return present == staff.id ? .allowed
            : .forbidden("clerk \(present) is signed in at window \(window): only they or a supervisor may sign them out")
    }
}
