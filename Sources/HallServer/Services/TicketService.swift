import Foundation
import IntakeCore
import IntakeStore
import Metrics

/// Tickets (R1): issued at a kiosk or a window, and changed by their id (cancelled by the
/// citizen, returned by a clerk). Counts what it issues and refuses.
public final class TicketService: Sendable {
    let hall: HallInForce
    private let issued = Counter(label: "onevisit_tickets_issued_total")
    private let refused = Counter(label: "onevisit_tickets_refused_total")

    init(hall: HallInForce) { self.hall = hall }

    public func issue(_ target: TicketTarget, priority: PriorityReason?, holder: TicketHolder? = nil) async throws(QueueError) -> Ticket {
        do {
            let ticket = try await hall.store.issue(target, priority: priority, holder: holder, at: hall.clock())
            issued.increment()
            hall.logger.info("Ticket issued", metadata: ["ticket": "\(ticket.number)", "queue": "\(ticket.queueID)"])
            return ticket
        } catch {
            refused.increment()
            throw error
        }
    }

    public func act(ticket id: String, _ action: TicketAction) async throws(QueueError) -> Ticket {
        try await hall.store.act(ticket: id, action, at: hall.clock())
    }
}
