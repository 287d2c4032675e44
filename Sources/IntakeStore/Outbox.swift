import Foundation
import GRDB

/// A row of a durable outbox (notifications, review uploads: issue 14 and 15, "none lost,
/// none sent twice"): its delivery state is in the row (`attempts`, `nextAttemptAt`,
/// `sentAt`, `lastError`, `createdAt`), so a restart resumes where the last run stopped.
public protocol OutboxEntry: Codable, Sendable, FetchableRecord, PersistableRecord {
    /// The entry's idempotency key: the same on every attempt.
    var id: String { get }
    /// Failed attempts so far, and the one that succeeded when sent.
    var attempts: Int { get }
    /// The rows still to deliver.
    static var unsent: QueryInterfaceRequest<Self> { get }
}

/// The delivery side of a durable outbox, the same for every outbox: what is due, when the
/// next is, and the outcome of an attempt, each in a write of its own.
public protocol Outbox: Sendable {
    associatedtype Entry: OutboxEntry
    var writer: any DatabaseWriter { get }
}

extension Outbox {
    /// The entries due at `now`, the longest due first.
    public func due(at now: Date, limit: Int = 50) async throws -> [Entry] {
        try await writer.read { db in
            try Entry.unsent.filter(Column("nextAttemptAt") <= now)
                .order(Column("nextAttemptAt"), Column("createdAt")).limit(limit).fetchAll(db)
        }
    }

    /// When the next unsent entry is due; nil when there is none.
    public func nextDue() async throws -> Date? {
        try await writer.read { db in try Date.fetchOne(db, Entry.unsent.select(min(Column("nextAttemptAt")))) }
    }

    /// Records the receiver's acceptance, in a write of its own right after it: from here the
    /// entry is never tried again.
    public func markSent(id: String, at now: Date) async throws {
        let table = Entry.databaseTableName
        try await writer.write { db in
            try db.execute(sql: "UPDATE \(table) SET sentAt = ?, attempts = attempts + 1, lastError = NULL WHERE id = ? AND sentAt IS NULL",
                           arguments: [now, id])
        }
    }

    /// Records a failed attempt and when to try again.
    public func markFailed(id: String, error: String, retryAt: Date) async throws {
        let table = Entry.databaseTableName
        try await writer.write { db in
            try db.execute(sql: "UPDATE \(table) SET attempts = attempts + 1, lastError = ?, nextAttemptAt = ? WHERE id = ? AND sentAt IS NULL",
                           arguments: [error, retryAt, id])
        }
    }

    /// How many entries wait for their first attempt, are failing, and were sent since
    /// `start` (the day's: the history of years is never counted on a refresh).
    public func tally(sentSince start: Date) async throws -> OutboxTally {
        try await writer.read { db in
            let sent = try Entry.filter(Column("sentAt") >= start).fetchCount(db)
            let unsent = try Entry.unsent.select(Column("attempts")).asRequest(of: Int.self).fetchAll(db)
            let oldest = try Date.fetchOne(db, Entry.unsent.select(min(Column("createdAt"))))
            return OutboxTally(pending: unsent.filter { $0 == 0 }.count, failing: unsent.filter { $0 > 0 }.count, sent: sent,
                               oldestUnsentAt: oldest)
        }
    }
}

/// An outbox's state in numbers, for the supervisor's page and `/metrics`.
public struct OutboxTally: Codable, Sendable, Equatable {
    /// Not tried yet (a bad review waiting for its reasons is one of these).
    public var pending: Int
    /// Tried and failed at least once, to be tried again.
    public var failing: Int
    /// Sent since the time the tally was asked for.
    public var sent: Int
    /// When the oldest entry not yet sent was enqueued.
    public var oldestUnsentAt: Date?

    public init(pending: Int, failing: Int, sent: Int, oldestUnsentAt: Date?) {
        self.pending = pending; self.failing = failing; self.sent = sent; self.oldestUnsentAt = oldestUnsentAt
    }
}

/// The enqueue side every outbox shares: ids for new entries, and the dispatcher's wake-up
/// after the commit of the caller's transaction (never for a rolled-back one).
struct OutboxEnqueuing: Sendable {
    let makeID: @Sendable () -> String
    let committed: @Sendable () -> Void

    /// Wakes the dispatcher once `db`'s current transaction commits.
    func wakeAfterCommit(_ db: Database) {
        let wake = committed
        db.afterNextTransaction(onCommit: { _ in wake() })
    }
}
