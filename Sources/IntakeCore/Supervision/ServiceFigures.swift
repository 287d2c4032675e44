#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Tickets of the period for one scope (seed 004 §12.3; R1): how many, served and not
/// present, the waiting time (first call − issue) and service time (finish − the last start
/// before it), and the calls (not recalls) by the hall-local hour they were made.
public struct ServiceFigures: Codable, Sendable, Equatable {
    public var tickets: Int
    public var served: Int
    public var noShows: Int
    public var waitingTime: TimeFigures
    public var serviceTime: TimeFigures
    /// 24 counts over the period's days: index h is the calls from h:00 to h:59.
    public var callsPerHour: [Int]

    /// - Parameter tickets: each with its own events sorted by time.
    static func compute(_ tickets: [(Ticket, [TicketEvent])], calendar: HallCalendar) -> ServiceFigures {
        var waits: [Double] = [], services: [Double] = []
        var calls = Array(repeating: 0, count: 24)
        for (t, events) in tickets {
            if let call = events.first(where: { $0.kind == .call }) { waits.append(call.at.timeIntervalSince(t.issuedAt)) }
            if let finish = events.last(where: { $0.kind == .finish }),
               let start = events.last(where: { $0.kind == .start && $0.at <= finish.at }) {
                services.append(finish.at.timeIntervalSince(start.at))
            }
            for call in events where call.kind == .call { calls[calendar.minuteOfDay(of: call.at) / 60] += 1 }
        }
        return ServiceFigures(tickets: tickets.count, served: tickets.filter { $0.0.state == .done }.count,
                              noShows: tickets.filter { $0.0.state == .noShow }.count,
                              waitingTime: .of(waits), serviceTime: .of(services), callsPerHour: calls)
    }
}
