#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a window or kiosk can do to a ticket.
public enum TicketAction: Sendable, Hashable {
    case call(window: String)
    case recall
    case start
    case finish
    case noShow
    /// Citizen steps away (copies, a missing paper): the ticket waits aside.
    case hold
    /// A held ticket goes back to its queue, keeping its issue time.
    case returnToQueue
    case transfer(TransferTarget)
    case cancel

    public var kind: Kind {
        switch self {
        case .call: .call
        case .recall: .recall
        case .start: .start
        case .finish: .finish
        case .noShow: .noShow
        case .hold: .hold
        case .returnToQueue: .returnToQueue
        case .transfer: .transfer
        case .cancel: .cancel
        }
    }

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case issue, call, recall, start, finish, noShow, hold, returnToQueue, transfer, cancel
    }
}

/// Where a transfer sends a ticket: another queue, or one particular window.
public enum TransferTarget: Sendable, Hashable {
    case queue(String)
    case window(String)
}

/// After how many recalls, or how long after the first call, a window may mark a ticket
/// as a no-show (过号).
public struct NoShowPolicy: Codable, Sendable, Hashable {
    public var recalls: Int
    public var minutes: Int
    public init(recalls: Int = 2, minutes: Int = 3) { self.recalls = recalls; self.minutes = minutes }
}

/// A stored change of a ticket. Waiting and service times are derived from these.
public struct TicketEvent: Codable, Sendable, Hashable {
    public var ticketID: String
    public var kind: TicketAction.Kind
    public var from: TicketState?
    public var to: TicketState
    public var at: Date
    public var windowID: String?
    public var queueID: String
    public var detail: String?
    /// Who was signed in at the window when it happened: a staff member's figures count the
    /// tickets they served (seed 004 §12.3), whoever sits there later.
    public var staffID: String?

    public init(ticketID: String, kind: TicketAction.Kind, from: TicketState?, to: TicketState, at: Date,
                windowID: String?, queueID: String, detail: String? = nil, staffID: String? = nil) {
        self.ticketID = ticketID; self.kind = kind; self.from = from; self.to = to; self.at = at
        self.windowID = windowID; self.queueID = queueID; self.detail = detail; self.staffID = staffID
    }
}

/// Why a ticket action was refused.
public enum TicketError: Error, Sendable, Hashable, CustomStringConvertible {
    case refused(number: String, state: TicketState, action: TicketAction.Kind)
    case noShowTooEarly(number: String, recallsNeeded: Int, minutesNeeded: Int)
    case transferToSameQueue(number: String, queue: String)

    public var description: String {
        switch self {
        case .refused(let number, let state, let action):
            "ticket \(number) is \(state.rawValue) and cannot \(action.rawValue)"
        case .noShowTooEarly(let number, let recalls, let minutes):
            "ticket \(number) can be marked no-show after \(recalls) recall\(recalls == 1 ? "" : "s") or \(minutes) minutes from the first call"
        case .transferToSameQueue(let number, let queue):
            "ticket \(number) is already in queue \(queue)"
        }
    }
}

/// The ticket state machine as an explicit table (after VisitManager's `nextEvents`).
public enum TicketTransitions {
    /// Allowed actions and their resulting state, by current state. Anything absent is refused.
    public static let table: [TicketState: [TicketAction.Kind: TicketState]] = [
        .waiting: [.call: .called, .transfer: .waiting, .cancel: .cancelled],
        .called: [.recall: .called, .start: .serving, .noShow: .noShow, .hold: .held,
                  .transfer: .waiting, .cancel: .cancelled],
        .serving: [.finish: .done, .hold: .held, .transfer: .waiting],
        .held: [.returnToQueue: .waiting, .transfer: .waiting, .cancel: .cancelled],
        .done: [:],
        .noShow: [:],
        .cancelled: [:],
    ]

    /// Applies an action, returning the changed ticket and the event to store.
    public static func apply(
        _ action: TicketAction, to ticket: Ticket, at now: Date, noShow policy: NoShowPolicy = NoShowPolicy()
    ) throws(TicketError) -> (Ticket, TicketEvent) {
        guard let next = table[ticket.state]?[action.kind] else {
            throw .refused(number: ticket.number, state: ticket.state, action: action.kind)
        }
        var t = ticket
        var detail: String?
        switch action {
        case .call(let window):
            t.windowID = window
            t.targetWindowID = nil
            t.recallCount = 0
            t.calledAt = now
        case .recall:
            t.recallCount += 1
            detail = "recall \(t.recallCount)"
        case .noShow:
            let minutes = t.calledAt.map { now.timeIntervalSince($0) / 60 } ?? 0
            guard t.recallCount >= policy.recalls || minutes >= Double(policy.minutes) else {
                throw .noShowTooEarly(number: t.number, recallsNeeded: policy.recalls, minutesNeeded: policy.minutes)
            }
        case .transfer(.queue(let queue)):
            guard queue != t.queueID || t.targetWindowID != nil else {
                throw .transferToSameQueue(number: t.number, queue: queue)
            }
            detail = "to queue \(queue) from \(t.queueID)"
            t.queueID = queue
            t.targetWindowID = nil
            t.windowID = nil
            t.calledAt = nil
        case .transfer(.window(let window)):
            detail = "to window \(window)"
            t.targetWindowID = window
            t.windowID = nil
            t.calledAt = nil
        case .returnToQueue:
            t.windowID = nil
            t.calledAt = nil
        case .start, .finish, .hold, .cancel:
            break
        }
        t.state = next
        let event = TicketEvent(
            ticketID: t.id, kind: action.kind, from: ticket.state, to: next, at: now,
            windowID: t.windowID ?? ticket.windowID, queueID: t.queueID, detail: detail)
        return (t, event)
    }
}
