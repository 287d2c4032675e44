#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One queue's day, or the whole hall's (`queueID` nil), for the supervisor (R1; the
/// supervision of seed 004 §12). `issued` counts the tickets the queue numbered (its issue
/// events); every other figure counts a ticket where it is now, so a ticket transferred
/// from A to B was issued by A and waits, is served or fails to show in B.
public struct QueueFigures: Codable, Sendable, Equatable {
    public var queueID: String?
    public var issued: Int
    /// Still waiting to be called (sent to a window included).
    public var waiting: Int
    /// Finished (办结 at the window).
    public var served: Int
    /// Called and marked as not present (过号).
    public var noShows: Int
    /// Waiting time = the ticket's first call − its issue, over the tickets called today.
    public var waitingTime: TimeFigures
    /// Service time = the finish − the last start before it, over the tickets finished today.
    public var serviceTime: TimeFigures
    /// How long the longest-waiting ticket still waiting has waited by `now`; nil with none.
    public var longestWaitingSeconds: Double?
}

/// The hall's queue figures for one service day, computed from that day's tickets and their
/// events (never read here: the caller passes them, and `now`). Calls per hour count the
/// `call` events (not recalls) by the hour of the hall's own time zone they happened in.
public struct DayFigures: Codable, Sendable, Equatable {
    /// The hall-local service day of `now`, `2026-09-24`.
    public var day: String
    /// The queues named, in the order given, then any other queue a ticket of the day is in.
    public var queues: [QueueFigures]
    public var total: QueueFigures
    /// 24 counts: index h is the calls from h:00 to h:59 hall time.
    public var callsPerHour: [Int]

    /// - Parameters:
    ///   - tickets: tickets of any day; only those of `now`'s service day count.
    ///   - events: their events, in any order (those of other tickets are ignored).
    ///   - queues: the hall's queue ids in display order (every one gets a row, even empty).
    public static func compute(tickets: [Ticket], events: [TicketEvent], queues: [String], now: Date,
                               calendar: HallCalendar) -> DayFigures {
        let day = calendar.serviceDay(of: now)
        let today = tickets.filter { $0.serviceDay == day }
        let ids = Set(today.map(\.id))
        var byTicket: [String: [TicketEvent]] = [:]
        for event in events where ids.contains(event.ticketID) { byTicket[event.ticketID, default: []].append(event) }
        for key in byTicket.keys { byTicket[key]!.sort { $0.at < $1.at } }

        var callsPerHour = Array(repeating: 0, count: 24)
        for event in byTicket.values.joined() where event.kind == .call && calendar.serviceDay(of: event.at) == day {
            callsPerHour[calendar.minuteOfDay(of: event.at) / 60] += 1
        }

        var order = queues
        let extra = Set(today.map(\.queueID)).union(byTicket.values.joined().filter { $0.kind == .issue }.map(\.queueID))
        order += extra.subtracting(queues).sorted()
        let rows = order.map { queue in
            figures(queueID: queue, tickets: today.filter { $0.queueID == queue }, byTicket: byTicket, now: now,
                    issued: issuedBy(queue, among: today, byTicket: byTicket), calendar: calendar)
        }
        let total = figures(queueID: nil, tickets: today, byTicket: byTicket, now: now, issued: today.count, calendar: calendar)
        return DayFigures(day: day, queues: rows, total: total, callsPerHour: callsPerHour)
    }

    /// The tickets a queue numbered: its issue events, or, for a ticket whose events were not
    /// passed, the queue it is in.
    static func issuedBy(_ queue: String, among tickets: [Ticket], byTicket: [String: [TicketEvent]]) -> Int {
        tickets.filter { t in (byTicket[t.id]?.first { $0.kind == .issue }?.queueID ?? t.queueID) == queue }.count
    }

    static func figures(queueID: String?, tickets: [Ticket], byTicket: [String: [TicketEvent]], now: Date, issued: Int,
                        calendar: HallCalendar) -> QueueFigures {
        let service = ServiceFigures.compute(tickets.map { ($0, byTicket[$0.id] ?? []) }, calendar: calendar)
        let waiting = tickets.filter { $0.state == .waiting }
        return QueueFigures(
            queueID: queueID, issued: issued, waiting: waiting.count, served: service.served, noShows: service.noShows,
            waitingTime: service.waitingTime, serviceTime: service.serviceTime,
            longestWaitingSeconds: waiting.map(\.issuedAt).min().map { now.timeIntervalSince($0) })
    }
}
