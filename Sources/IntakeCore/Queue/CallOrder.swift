/// Chooses the next ticket a window calls (叫号).
///
/// Order: higher weight first (priority lane, seed 001 §二(三)2); then tickets transferred to
/// this very window; then the window's queues in its configured order; within a queue,
/// appointments checked in on time first (R2: behind the priority lane, ahead of the walk-ins
/// of their queue); then issue time.
public enum CallOrder {
    public static func next(for window: ServiceWindow, among waiting: [Ticket]) -> Ticket? {
        rank(for: window, waiting).first
    }

    /// Every ticket the window could call, best first.
    public static func rank(for window: ServiceWindow, _ waiting: [Ticket]) -> [Ticket] {
        let position = Dictionary(window.queues.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let eligible: [(ticket: Ticket, queueRank: Int)] = waiting.compactMap { ticket in
            guard ticket.state == .waiting else { return nil }
            if let target = ticket.targetWindowID {
                return target == window.id ? (ticket, -1) : nil
            }
            return position[ticket.queueID].map { (ticket, $0) }
        }
        return eligible.sorted { a, b in
            if a.ticket.weight != b.ticket.weight { return a.ticket.weight > b.ticket.weight }
            if (a.queueRank < 0) != (b.queueRank < 0) { return a.queueRank < 0 }
            if a.queueRank != b.queueRank { return a.queueRank < b.queueRank }
            if a.ticket.isAppointment != b.ticket.isAppointment { return a.ticket.isAppointment }
            if a.ticket.issuedAt != b.ticket.issuedAt { return a.ticket.issuedAt < b.ticket.issuedAt }
            return a.ticket.sequence < b.ticket.sequence
        }.map(\.ticket)
    }
}

extension Ticket {
    /// Issued for a booking checked in within its limits.
    public var isAppointment: Bool { appointmentCode != nil }
}
