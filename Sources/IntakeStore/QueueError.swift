import IntakeCore

/// Why a queue operation was refused; each case reads as a sentence for the clerk or citizen.
public enum QueueError: Error, Sendable, Hashable, CustomStringConvertible {
    case routing(RoutingError)
    case admission(QueueAdmission.Refusal)
    case ticket(TicketError)
    case unknownWindow(String)
    case unknownTicket(String)
    case windowBusy(window: String, number: String, state: TicketState)
    case nothingWaiting(window: String)
    case noCurrentTicket(window: String)
    case noHeldTicket(window: String)
    /// Another clerk is signed in at the window: one clerk per window.
    case windowOccupied(window: String, staffID: String)
    /// The database failed; nothing of this operation was stored.
    case storage(String)

    public var description: String {
        switch self {
        case .routing(let e): e.description
        case .admission(let e): e.description
        case .ticket(let e): e.description
        case .unknownWindow(let id): "no window \"\(id)\" in this hall"
        case .unknownTicket(let id): "no ticket \"\(id)\""
        case .windowBusy(let window, let number, let state):
            "window \(window) still has ticket \(number) (\(state.rawValue)); finish it, mark a no-show or transfer it first"
        case .nothingWaiting(let window): "no ticket is waiting for window \(window)"
        case .noCurrentTicket(let window): "window \(window) has no called or serving ticket"
        case .noHeldTicket(let window): "window \(window) has no ticket on hold"
        case .windowOccupied(let window, let staffID):
            "clerk \(staffID) is signed in at window \(window); they sign out, or a supervisor ends their sign-in"
        case .storage(let message): "the hall database could not store this: \(message)"
        }
    }
}
