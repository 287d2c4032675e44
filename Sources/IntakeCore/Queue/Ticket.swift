#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A queue ticket (取号): numbered per queue per service day, never reused.
public struct Ticket: Codable, Sendable, Hashable, Identifiable {
    /// Opaque id for the status page and the API.
    public var id: String
    /// What is printed and called: prefix + at least three digits, `A001`.
    public var number: String
    public var queueID: String
    /// The hall-local date the number belongs to, `2026-11-22`.
    public var serviceDay: String
    public var sequence: Int
    public var state: TicketState
    public var itemID: String?
    public var bundleID: String?
    public var priority: PriorityReason?
    /// Call weight fixed at issue: 0 ordinary, higher for the priority lane.
    public var weight: Int
    /// Original issue time; kept across transfers so the ticket keeps its place.
    public var issuedAt: Date
    /// The window that called, serves or holds it (or last did).
    public var windowID: String?
    /// Set by a transfer to a window: only that window calls it next.
    public var targetWindowID: String?
    public var recallCount: Int
    /// First call of the current visit to a window (for the no-show rule).
    public var calledAt: Date?
    public var peopleAheadAtIssue: Int
    public var estimatedWaitMinutes: Int
    /// The card holder of a real-name ticket taken with an ID card.
    public var holder: TicketHolder?
    /// The booking checked in on time for this ticket: it ranks ahead of walk-ins (``CallOrder``).
    public var appointmentCode: String?

    public init(
        id: String, number: String, queueID: String, serviceDay: String, sequence: Int,
        state: TicketState = .waiting, itemID: String? = nil, bundleID: String? = nil,
        priority: PriorityReason? = nil, weight: Int = 0, issuedAt: Date, windowID: String? = nil,
        targetWindowID: String? = nil, recallCount: Int = 0, calledAt: Date? = nil,
        peopleAheadAtIssue: Int = 0, estimatedWaitMinutes: Int = 0, holder: TicketHolder? = nil,
        appointmentCode: String? = nil
    ) {
        self.id = id; self.number = number; self.queueID = queueID; self.serviceDay = serviceDay
        self.sequence = sequence; self.state = state; self.itemID = itemID; self.bundleID = bundleID
        self.priority = priority; self.weight = weight; self.issuedAt = issuedAt; self.windowID = windowID
        self.targetWindowID = targetWindowID; self.recallCount = recallCount; self.calledAt = calledAt
        self.peopleAheadAtIssue = peopleAheadAtIssue; self.estimatedWaitMinutes = estimatedWaitMinutes
        self.holder = holder; self.appointmentCode = appointmentCode
    }

    /// `A` + 7 → `A007`; numbers past 999 simply grow (`A1000`).
    public static func number(prefix: String, sequence: Int) -> String {
        let digits = String(sequence)
        return prefix + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}

/// States of a ticket; every change is a stored ``TicketEvent``.
public enum TicketState: String, Codable, Sendable, CaseIterable {
    case waiting, called, serving, held, done, noShow, cancelled

    public var isFinal: Bool { self == .done || self == .noShow || self == .cancelled }

    public var chineseName: String {
        switch self {
        case .waiting: "等候中"
        case .called: "已叫号"
        case .serving: "办理中"
        case .held: "已挂起"
        case .done: "已完成"
        case .noShow: "过号"
        case .cancelled: "已取消"
        }
    }
}
