import Foundation
import Testing
@testable import IntakeCore

/// The supervisor's day figures (``DayFigures``), against figures computed by hand.
@Suite("Day figures of the queues", .timeLimit(.minutes(5)))
struct DayFiguresTests {
    static let calendar = HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    /// 09:00 + minutes, hall time, on Monday 2026-11-23.
    static func at(_ minutes: Double) -> Date { monday9am.addingTimeInterval(minutes * 60) }

    /// A ticket issued at `issued` minutes past nine and taken through `actions` (minute, action)
    /// by the core's own state machine, with every event it stores.
    static func run(_ number: String, queue: String = "general", issued: Double, _ actions: [(Double, TicketAction)] = [],
                    day: String = "2026-11-23") throws -> (Ticket, [TicketEvent]) {
        var t = ticket(number, queue: queue, issued: issued)
        t.serviceDay = day
        var events = [TicketEvent(ticketID: t.id, kind: .issue, from: nil, to: .waiting, at: t.issuedAt, windowID: nil, queueID: queue)]
        for (minute, action) in actions {
            let (changed, event) = try TicketTransitions.apply(action, to: t, at: at(minute))
            t = changed
            events.append(event)
        }
        return (t, events)
    }

    static func compute(_ runs: [(Ticket, [TicketEvent])], now minutes: Double) -> DayFigures {
        DayFigures.compute(tickets: runs.map(\.0), events: runs.flatMap(\.1).reversed(), queues: ["general", "other"],
                           now: at(minutes), calendar: calendar)
    }

    @Test func aMorningOfTwoQueuesComputedByHand() throws {
        let runs = [
            // Waited 2 min, served 5 min.
            try Self.run("A001", issued: 0, [(2, .call(window: "1")), (3, .start), (8, .finish)]),
            // Waited 9 min to the first call; held, called again; served 4 min from the second start.
            try Self.run("A002", issued: 1, [(10, .call(window: "2")), (11, .start), (12, .hold), (15, .returnToQueue),
                                             (20, .call(window: "2")), (21, .start), (25, .finish)]),
            // Waited 55 min, recalled (not a call), then not present.
            try Self.run("A003", issued: 5, [(60, .call(window: "1")), (62, .recall), (65, .noShow)]),
            try Self.run("A004", issued: 30),
            // Numbered by "other", sent to "general" where it still waits.
            try Self.run("B001", queue: "other", issued: 10, [(40, .transfer(.queue("general")))]),
            try Self.run("B002", queue: "other", issued: 60, [(70, .call(window: "5"))]),
            // Yesterday's: not counted at all.
            try Self.run("A009", issued: -24 * 60, [(-24 * 60 + 1, .call(window: "1"))], day: "2026-11-22"),
        ]
        let figures = Self.compute(runs, now: 90)  // 10:30
        #expect(figures.day == "2026-11-23")
        #expect(figures.queues.map(\.queueID) == ["general", "other"])

        let general = figures.queues[0]
        #expect(general.issued == 4 && general.waiting == 2 && general.served == 2 && general.noShows == 1)
        // Waits 120, 540, 3300 s: mean 3960 / 3 = 1320; p50 the ⌈1.5⌉ = 2nd, p90 the ⌈2.7⌉ = 3rd.
        #expect(general.waitingTime == TimeFigures(count: 3, meanSeconds: 1320, p50Seconds: 540, p90Seconds: 3300))
        // Services 300 and 240 s: mean 270; p50 the 1st, p90 the ⌈1.8⌉ = 2nd.
        #expect(general.serviceTime == TimeFigures(count: 2, meanSeconds: 270, p50Seconds: 240, p90Seconds: 300))
        // B001 has waited since 09:10: 80 minutes at 10:30.
        #expect(general.longestWaitingSeconds == 4800)

        let other = figures.queues[1]
        #expect(other.issued == 2 && other.waiting == 0 && other.served == 0 && other.noShows == 0)
        #expect(other.waitingTime == TimeFigures(count: 1, meanSeconds: 600, p50Seconds: 600, p90Seconds: 600))
        #expect(other.serviceTime == TimeFigures.none)
        #expect(other.longestWaitingSeconds == nil)

        let total = figures.total
        #expect(total.queueID == nil)
        #expect(total.issued == 6 && total.waiting == 2 && total.served == 2 && total.noShows == 1)
        // Waits 120, 540, 600, 3300: mean 4560 / 4 = 1140; p50 the 2nd, p90 the ⌈3.6⌉ = 4th.
        #expect(total.waitingTime == TimeFigures(count: 4, meanSeconds: 1140, p50Seconds: 540, p90Seconds: 3300))
        #expect(total.serviceTime == TimeFigures(count: 2, meanSeconds: 270, p50Seconds: 240, p90Seconds: 300))
        #expect(total.longestWaitingSeconds == 4800)

        // Calls (recall and yesterday's left out) at 09:02, 09:10, 09:20, 10:00, 10:10 hall time,
        // though 09:00 in Shanghai is 01:00 UTC.
        var hours = Array(repeating: 0, count: 24)
        hours[9] = 3; hours[10] = 2
        #expect(figures.callsPerHour == hours)
    }

    @Test func anEmptyDayHasARowPerQueueAndNoTimes() {
        let figures = DayFigures.compute(tickets: [], events: [], queues: ["general", "other"], now: Self.at(0), calendar: Self.calendar)
        let none = TimeFigures.none
        let empty = QueueFigures(queueID: "general", issued: 0, waiting: 0, served: 0, noShows: 0, waitingTime: none, serviceTime: none,
                                 longestWaitingSeconds: nil)
        #expect(figures.queues == [empty, { var o = empty; o.queueID = "other"; return o }()])
        #expect(figures.total == { var t = empty; t.queueID = nil; return t }())
        #expect(figures.callsPerHour == Array(repeating: 0, count: 24))
    }

    @Test func aSingleTicketIsItsOwnMeanAndP90() throws {
        let figures = Self.compute([try Self.run("A001", issued: 0, [(4, .call(window: "3")), (5, .start), (17, .finish)])], now: 20)
        let general = figures.queues[0]
        #expect(general.issued == 1 && general.served == 1 && general.waiting == 0)
        #expect(general.waitingTime == TimeFigures(count: 1, meanSeconds: 240, p50Seconds: 240, p90Seconds: 240))
        #expect(general.serviceTime == TimeFigures(count: 1, meanSeconds: 720, p50Seconds: 720, p90Seconds: 720))
        #expect(figures.callsPerHour[9] == 1 && figures.callsPerHour.reduce(0, +) == 1)
    }

    @Test func aQueueNoLongerInTheLayoutStillGetsItsRow() throws {
        let figures = Self.compute([try Self.run("Z001", queue: "gone", issued: 0)], now: 1)
        #expect(figures.queues.map(\.queueID) == ["general", "other", "gone"])
        #expect(figures.queues[2].issued == 1 && figures.queues[2].longestWaitingSeconds == 60)
    }

    @Test("p90 is the nearest rank ⌈0.9 n⌉", arguments: [(1, 1.0), (2, 2), (9, 9), (10, 9), (11, 10), (19, 18), (20, 18), (21, 19)])
    func nearestRank(n: Int, p90: Double) {
        let values = Array((1...n).map(Double.init).reversed())
        let figures = TimeFigures.of(values)
        #expect(figures.p90Seconds == p90)
        #expect(figures.meanSeconds == Double(n + 1) / 2)
    }
}
