import Foundation
import Testing
@testable import IntakeCore

@Suite("Call-next order", .timeLimit(.minutes(5)))
struct CallOrderTests {
    let window = ServiceWindow(id: "3", name: "综合窗口", kind: .comprehensive, queues: ["general", "one-thing"])

    @Test func earliestIssuedFirstWithinAQueue() {
        let waiting = [ticket("A003", issued: 3), ticket("A001", issued: 1), ticket("A002", issued: 2)]
        #expect(CallOrder.rank(for: window, waiting).map(\.number) == ["A001", "A002", "A003"])
    }

    @Test func priorityLaneGoesFirstThenByWeight() {
        let waiting = [
            ticket("A001", issued: 1), ticket("A002", weight: 1, issued: 5),
            ticket("B001", queue: "one-thing", weight: 2, issued: 9), ticket("A003", issued: 2),
        ]
        #expect(CallOrder.rank(for: window, waiting).map(\.number) == ["B001", "A002", "A001", "A003"])
    }

    @Test func windowTakesItsQueuesInConfiguredOrder() {
        let waiting = [ticket("B001", queue: "one-thing", issued: 0), ticket("A001", issued: 10)]
        #expect(CallOrder.next(for: window, among: waiting)?.number == "A001")
        let reversed = ServiceWindow(id: "4", name: "一件事专窗", kind: .special, queues: ["one-thing", "general"])
        #expect(CallOrder.next(for: reversed, among: waiting)?.number == "B001")
    }

    @Test func ticketsOfOtherQueuesAndOtherStatesAreNotCalled() {
        let waiting = [ticket("C001", queue: "enterprise"), ticket("A001", state: .held), ticket("A002", state: .called)]
        #expect(CallOrder.next(for: window, among: waiting) == nil)
    }

    @Test func transferredToThisWindowComesBeforeItsQueues() {
        let waiting = [ticket("A001", issued: 0), ticket("C004", queue: "enterprise", issued: 5, target: "3"),
                       ticket("A002", issued: 1, target: "9")]
        #expect(CallOrder.rank(for: window, waiting).map(\.number) == ["C004", "A001"])
    }
}

@Suite("Estimated wait", .timeLimit(.minutes(5)))
struct WaitEstimatorTests {
    let estimator = WaitEstimator(defaultServiceMinutes: 8, sampleSize: 3)

    @Test func defaultServiceTimeWhenNoHistory() {
        #expect(estimator.estimateMinutes(peopleAhead: 3, recentServiceSeconds: [], openWindows: 1) == 24)
        #expect(estimator.estimateMinutes(peopleAhead: 3, recentServiceSeconds: [], openWindows: 2) == 12)
    }

    @Test func meanOfRecentServicesDividedByOpenWindows() {
        // mean of the 3 newest = (300 + 600 + 300) / 3 = 400 s; 5 ahead × 400 s / 2 windows = 1000 s ≈ 17 min
        let minutes = estimator.estimateMinutes(peopleAhead: 5, recentServiceSeconds: [300, 600, 300, 9999], openWindows: 2)
        #expect(minutes == 17)
    }

    @Test func nobodyAheadMeansNoWaitAndNoWindowsCountsAsOne() {
        #expect(estimator.estimateMinutes(peopleAhead: 0, recentServiceSeconds: [600], openWindows: 0) == 0)
        #expect(estimator.estimateMinutes(peopleAhead: 1, recentServiceSeconds: [600], openWindows: 0) == 10)
        #expect(estimator.estimateMinutes(peopleAhead: 1, recentServiceSeconds: [5], openWindows: 3) == 1, "never 0 with someone ahead")
    }

    /// Calls every `gap` seconds up to `last`, newest first, each of a ticket issued `issuedBefore` seconds before its call.
    func calls(_ count: Int, every gap: Double, last: Date, issuedBefore: Double) -> [WaitEstimator.RecentCall] {
        (0..<count).map { k in
            let at = last.addingTimeInterval(-gap * Double(k))
            return WaitEstimator.RecentCall(calledAt: at, issuedAt: at.addingTimeInterval(-issuedBefore))
        }
    }

    /// The simulated day's finding (issue 15): a queue second at its windows is called far
    /// less often than its open windows suggest; with a backlog its real call rate decides.
    @Test func aBackloggedQueueIsEstimatedByTheRateItIsCalledAt() {
        let estimator = WaitEstimator(defaultServiceMinutes: 8, sampleSize: 20)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        // Ten windows with 5-minute services would take 12 ahead in 6 minutes; the queue has
        // been called once every 4 minutes, each ticket waiting an hour: 12 × 4 = 48 minutes.
        let backlog = calls(10, every: 240, last: now.addingTimeInterval(-60), issuedBefore: 3600)
        #expect(estimator.estimateMinutes(peopleAhead: 12, recentServiceSeconds: [300], openWindows: 10, recentCalls: backlog, now: now) == 48)
        // Windows that stop calling (lunch): 40 minutes since the last call stretch the rate at once.
        let paused = estimator.estimateMinutes(peopleAhead: 12, recentServiceSeconds: [300], openWindows: 10,
                                               recentCalls: backlog, now: now.addingTimeInterval(40 * 60))
        #expect(paused > 48, "\(paused)")
    }

    @Test func withoutABacklogTheFormulaStands() {
        let estimator = WaitEstimator(defaultServiceMinutes: 8, sampleSize: 20)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        // Each ticket was called as soon as it came: the calls tell the arrivals, not the windows.
        let quiet = calls(10, every: 600, last: now.addingTimeInterval(-60), issuedBefore: 30)
        #expect(estimator.estimateMinutes(peopleAhead: 2, recentServiceSeconds: [300], openWindows: 2, recentCalls: quiet, now: now) == 5)
        // Too short a backlog to trust (three calls): the formula too.
        let short = calls(3, every: 240, last: now, issuedBefore: 3600)
        #expect(estimator.estimateMinutes(peopleAhead: 2, recentServiceSeconds: [300], openWindows: 2, recentCalls: short, now: now) == 5)
    }
}

@Suite("Queue admission: hours and caps", .timeLimit(.minutes(5)))
struct QueueAdmissionTests {
    let queue = ServiceQueue(
        id: "general", name: "综合受理", prefix: "A", anyItem: true,
        hours: [TimeBand("08:30-12:00")!, TimeBand("13:30-17:30")!], dailyCap: 100,
        bandCaps: [BandCap(band: TimeBand("08:30-10:00")!, cap: 2)])

    @Test func closedOutsideOpeningHours() {
        #expect(throws: QueueAdmission.Refusal.closed(queue: "综合受理", hours: queue.hours)) {
            try QueueAdmission.check(queue, minuteOfDay: 12 * 60 + 30, issuedToday: 0, issuedInBand: 0)
        }
        #expect(throws: Never.self) { try QueueAdmission.check(queue, minuteOfDay: 13 * 60 + 30, issuedToday: 0, issuedInBand: 0) }
    }

    @Test func dailyAndBandCaps() {
        #expect(throws: QueueAdmission.Refusal.dailyCapReached(queue: "综合受理", cap: 100)) {
            try QueueAdmission.check(queue, minuteOfDay: 15 * 60, issuedToday: 100, issuedInBand: 0)
        }
        #expect(throws: QueueAdmission.Refusal.bandCapReached(queue: "综合受理", band: TimeBand("08:30-10:00")!, cap: 2)) {
            try QueueAdmission.check(queue, minuteOfDay: 9 * 60, issuedToday: 2, issuedInBand: 2)
        }
        #expect(throws: Never.self) { try QueueAdmission.check(queue, minuteOfDay: 10 * 60, issuedToday: 2, issuedInBand: 0) }
    }

    @Test func timeBandsParseAndRejectNonsense() {
        #expect(TimeBand("08:30-12:00") == TimeBand(start: 510, end: 720))
        #expect(TimeBand("00:00-24:00")?.contains(minuteOfDay: 1439) == true)
        for bad in ["8-12", "12:00-08:00", "25:00-26:00", "08:30", "08:60-09:00"] { #expect(TimeBand(bad) == nil, "\(bad)") }
    }

    @Test func hallCalendarUsesTheHallTimeZone() {
        let calendar = HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        #expect(calendar.serviceDay(of: monday9am) == "2026-11-23")
        #expect(calendar.minuteOfDay(of: monday9am) == 9 * 60)
        // 23:59 UTC on the 22nd is already the 23rd in the hall
        #expect(calendar.serviceDay(of: Date(timeIntervalSince1970: 1_795_391_940)) == "2026-11-23")
    }

    @Test func theLaneByAgeUnlessAnotherReasonWasChosen() {
        let policy = PriorityPolicy()  // elderlyAge 70
        #expect(policy.reason(chosen: nil, holderAge: 70) == .elderly)
        #expect(policy.reason(chosen: nil, holderAge: 69) == nil)
        #expect(policy.reason(chosen: .pregnant, holderAge: 75) == .pregnant)
    }
}
