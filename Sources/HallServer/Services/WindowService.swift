import Foundation
import IntakeCore
import IntakeStore
import Metrics

/// A window's queue work (R1): call the next citizen, recall, no-show, start, hold, finish,
/// transfer. A call goes on the display board; a finish arms the window's keypad for the
/// one review of that service, and the next call disarms it.
public final class WindowService: Sendable {
    let hall: HallInForce
    let board: BoardBroadcaster
    let reviewDesk: ReviewDesk
    private let calls = Counter(label: "onevisit_calls_total")

    init(hall: HallInForce, board: BoardBroadcaster, reviewDesk: ReviewDesk) {
        self.hall = hall; self.board = board; self.reviewDesk = reviewDesk
    }

    public func callNext(window: String) async throws(QueueError) -> Ticket {
        let store = hall.store
        let now = hall.clock()
        let ticket = try await store.callNext(window: window, at: now)
        announce(ticket, window: window, store: store, at: now)
        await reviewDesk.disarmKeypad(window: window)
        return ticket
    }

    public func act(window: String, _ action: TicketAction) async throws(QueueError) -> Ticket {
        let store = hall.store
        let now = hall.clock()
        let ticket = try await store.act(window: window, action, at: now)
        if action == .recall { announce(ticket, window: window, store: store, at: now) }
        if action == .finish { await reviewDesk.armKeypad(window: window, for: ticket, store: store, at: now) }
        hall.logger.info("Ticket changed at window", metadata: [
            "ticket": "\(ticket.number)", "window": "\(window)", "action": "\(action.kind.rawValue)",
            "state": "\(ticket.state.rawValue)"])
        return ticket
    }

    private func announce(_ ticket: Ticket, window: String, store: QueueStore, at now: Date) {
        calls.increment()
        if let w = store.layout.window(window) { board.publish(ticket: ticket, window: w, at: now) }
    }
}
