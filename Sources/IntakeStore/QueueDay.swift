import Foundation
import GRDB
import IntakeCore

extension QueueStore {
    /// The tickets of one service day with all their events, oldest first: what
    /// ``DayFigures`` computes the supervisor's figures from.
    public func day(_ serviceDay: String) async throws -> (tickets: [Ticket], events: [TicketEvent]) {
        try await writer.read { db in
            let tickets = try Ticket.filter(Column("serviceDay") == serviceDay).order(Column("issuedAt")).fetchAll(db)
            let events = try TicketEvent.fetchAll(db, sql: """
                SELECT e.* FROM ticketEvent e JOIN ticket t ON t.id = e.ticketID
                WHERE t.serviceDay = ? ORDER BY e.id
                """, arguments: [serviceDay])
            return (tickets, events)
        }
    }
}
