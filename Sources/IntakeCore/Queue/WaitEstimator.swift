#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Estimated wait for a new ticket (R1; domain notes §1.1).
///
/// The common open-source formula is people ahead × the queue's recent mean service time ÷
/// the open windows serving it. A simulated day (issue 15, `onevisit simulate day`) showed
/// where it goes wrong: a window serves its queues in order, so a queue that is second at
/// most of its windows gets only what their first queues leave, and the formula promised
/// such a queue a third of its real wait. So when the queue has had a backlog through its
/// recent calls, the estimate is people ahead ÷ the rate the queue has really been called
/// at, which counts shared windows, lunch breaks, recalls and no-shows as they are. Without
/// such a backlog (the start of the day, a quiet queue) the formula stands, with a default
/// service time until there is history.
public struct WaitEstimator: Sendable, Hashable, Codable {
    public var defaultServiceMinutes: Double
    /// How many recent finished services (and recent calls) the estimate looks at.
    public var sampleSize: Int

    /// A recent call of the queue: when it was made and when the ticket it called was issued.
    public struct RecentCall: Sendable, Hashable {
        public var calledAt: Date
        public var issuedAt: Date
        public init(calledAt: Date, issuedAt: Date) { self.calledAt = calledAt; self.issuedAt = issuedAt }
    }

    /// Calls in a backlog before their rate is trusted over the formula.
    public static let minimumBacklogCalls = 4

    public init(defaultServiceMinutes: Double = 8, sampleSize: Int = 20) {
        self.defaultServiceMinutes = defaultServiceMinutes; self.sampleSize = sampleSize
    }

    /// - Parameters:
    ///   - recentServiceSeconds: durations of recent services of the queue, newest first.
    ///   - recentCalls: the queue's recent calls of the day, newest first.
    ///   - now: the time of the estimate; with no time the formula alone is used.
    public func estimateMinutes(peopleAhead: Int, recentServiceSeconds: [Double], openWindows: Int,
                                recentCalls: [RecentCall] = [], now: Date? = nil) -> Int {
        guard peopleAhead > 0 else { return 0 }
        let minutes: Double
        if let now, let perMinute = Self.backlogCallsPerMinute(recentCalls.prefix(max(sampleSize, 1)), now: now) {
            minutes = Double(peopleAhead) / perMinute
        } else {
            let sample = recentServiceSeconds.prefix(max(sampleSize, 1))
            let meanMinutes = sample.isEmpty ? defaultServiceMinutes : sample.reduce(0, +) / Double(sample.count) / 60
            minutes = Double(peopleAhead) * meanMinutes / Double(max(openWindows, 1))
        }
        // Nearest minute (stored times carry millisecond noise), never 0 when someone is ahead;
        // a day at most, so odd stored durations cannot overflow.
        guard minutes.isFinite else { return 1 }
        return Int(min(max(minutes.rounded(), 1), 24 * 60))
    }

    /// Calls per minute over the newest run of calls made while the queue had a backlog: each
    /// call's ticket was already waiting at the call before it. Nil for a run too short to
    /// tell. A pause since the last call longer than the run's mean gap counts as it goes, so
    /// windows that stop calling (lunch) lengthen the estimate at once.
    static func backlogCallsPerMinute(_ calls: ArraySlice<RecentCall>, now: Date) -> Double? {
        guard let newest = calls.first else { return nil }
        var oldest = newest, count = 1
        for (newer, older) in zip(calls, calls.dropFirst()) {
            guard newer.issuedAt <= older.calledAt else { break }
            oldest = older; count += 1
        }
        let span = newest.calledAt.timeIntervalSince(oldest.calledAt)
        guard count >= minimumBacklogCalls, span > 0 else { return nil }
        let meanGap = span / Double(count - 1)
        let sinceLast = now.timeIntervalSince(newest.calledAt)
        let seconds = sinceLast > meanGap ? now.timeIntervalSince(oldest.calledAt) : span
        let gaps = sinceLast > meanGap ? Double(count) : Double(count - 1)
        return gaps / seconds * 60
    }
}
