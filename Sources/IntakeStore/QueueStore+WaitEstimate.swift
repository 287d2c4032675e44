import Foundation
import GRDB
import IntakeCore

/// What the wait estimate of a new ticket reads (R1, ``WaitEstimator``): the people ahead,
/// the queue's recent services and its recent calls, each through an index of its day.
extension QueueStore {
    /// The wait a new ticket is promised. With nobody ahead it is 0 and nothing is read: the
    /// common case of a quiet hall costs the issue no query. In a batch of issues the inputs
    /// are read once per queue and weight: an issue changes no call, finish or window session.
    func estimateMinutes(_ db: Database, queueID: String, peopleAhead ahead: Int, weight: Int,
                         servingWindowIDs: [String], day: String, at now: Date, batch: GroupCommit.Batch?) throws -> Int {
        guard ahead > 0 else { return 0 }
        let read = {
            EstimateInputs(
                openWindows: servingWindowIDs.isEmpty ? 0 : try Int.fetchOne(db.cachedStatement(
                    sql: "SELECT count(*) FROM windowSession WHERE windowID IN (\(servingWindowIDs.map { _ in "?" }.joined(separator: ", ")))"),
                    arguments: StatementArguments(servingWindowIDs)) ?? 0,
                recentServiceSeconds: try recentServiceSeconds(db, queueID: queueID),
                recentCalls: try recentCalls(db, queueID: queueID, weight: weight, since: calendar.instant(day: now, minuteOfDay: 0)))
        }
        let inputs = try batch?.memo(EstimateInputs.Key(queueID: queueID, weight: weight, day: day), read) ?? read()
        return layout.waitEstimate.estimateMinutes(
            peopleAhead: ahead, recentServiceSeconds: inputs.recentServiceSeconds, openWindows: inputs.openWindows,
            recentCalls: inputs.recentCalls, now: now)
    }

    /// What the estimate reads besides the people ahead.
    struct EstimateInputs {
        struct Key: Hashable {
            let queueID: String, weight: Int, day: String
        }

        let openWindows: Int
        let recentServiceSeconds: [Double]
        let recentCalls: [WaitEstimator.RecentCall]
    }

    /// Tickets of the queue that ``CallOrder`` will call before a new ticket of this weight:
    /// waiting today, not sent to a particular window, of equal or higher weight.
    /// A sum over the queue's few weights of today (``WaitingCounts``), however long the queue.
    func peopleAhead(_ db: Database, queueID: String, day: String, weight: Int) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT coalesce(sum(waiting), 0) FROM queueWaiting WHERE serviceDay = ? AND queueID = ? AND weight >= ?
            """), arguments: [day, queueID, weight]) ?? 0
    }

    /// Durations in seconds from the last call to the finish of recent services, newest first.
    func recentServiceSeconds(_ db: Database, queueID: String) throws -> [Double] {
        try Double.fetchAll(db.cachedStatement(sql: """
            SELECT (julianday(f."at") - julianday(c."at")) * 86400.0
            FROM ticketEvent f
            JOIN ticketEvent c ON c.id = (
                SELECT max(id) FROM ticketEvent WHERE ticketID = f.ticketID AND kind = 'call' AND id < f.id)
            WHERE f.kind = 'finish' AND f.queueID = ?
            ORDER BY f."at" DESC LIMIT ?
            """), arguments: [queueID, layout.waitEstimate.sampleSize])
    }

    /// The queue's calls since `since` (the service day's start), newest first, with when
    /// each ticket called was issued: the wait estimate's measure of how fast the queue moves.
    /// Only calls a new ticket of `weight` queues behind count: a priority ticket or one sent
    /// to a window is called out of turn and says nothing of the backlog.
    func recentCalls(_ db: Database, queueID: String, weight: Int, since: Date) throws -> [WaitEstimator.RecentCall] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT e."at" AS calledAt, t.issuedAt AS issuedAt
            FROM ticketEvent e JOIN ticket t ON t.id = e.ticketID
            WHERE e.kind = 'call' AND e.queueID = ? AND e."at" >= ? AND t.weight <= ? AND t.targetWindowID IS NULL
            ORDER BY e."at" DESC LIMIT ?
            """), arguments: [queueID, StoredDate(since), weight, layout.waitEstimate.sampleSize]).map {
            WaitEstimator.RecentCall(calledAt: $0["calledAt"], issuedAt: $0["issuedAt"])
        }
    }
}
