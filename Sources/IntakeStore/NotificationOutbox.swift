import Foundation
import GRDB

/// The durable outbox of notifications (seed 004 §8.2.4; issue 14: "none are lost, and none
/// are sent twice"). Enqueuing is one row with a unique dedupe key, so the same reminder
/// enqueued twice is one message; it can join another store's write transaction, so a
/// booking and its reminders commit together or not at all. Delivery state lives in the
/// rows, so a restart resumes where the last run stopped.
public struct NotificationOutbox: Outbox {
    public typealias Entry = NotificationMessage
    public let writer: any DatabaseWriter
    private let enqueuing: OutboxEnqueuing

    /// - Parameter onEnqueue: called after the commit of every transaction that enqueued a
    ///   new message (the dispatcher's wake-up), never for a rolled-back one.
    public init(writer: any DatabaseWriter, makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
                onEnqueue: @escaping @Sendable () -> Void = {}) {
        self.writer = writer; enqueuing = OutboxEnqueuing(makeID: makeID, committed: onEnqueue)
    }

    /// Enqueues inside the caller's write transaction; the existing message when one has the key.
    /// - Parameter reinstating: a withdrawn, unsent message with the key is called back in with
    ///   the new text and time (a booking moved away and back to its first slot).
    @discardableResult
    public func enqueue(_ new: NewNotification, in db: Database, at now: Date, reinstating: Bool = false) throws -> Enqueued {
        if var existing = try NotificationMessage.filter(NotificationMessage.Columns.dedupeKey == new.dedupeKey).fetchOne(db) {
            guard reinstating, existing.withdrawnAt != nil, existing.sentAt == nil else { return Enqueued(message: existing, isNew: false) }
            existing.withdrawnAt = nil; existing.recipient = new.recipient; existing.text = new.text
            existing.payload = new.payload; existing.nextAttemptAt = new.notBefore
            try existing.update(db)
            enqueuing.wakeAfterCommit(db)
            return Enqueued(message: existing, isNew: true)
        }
        let message = NotificationMessage(id: enqueuing.makeID(), dedupeKey: new.dedupeKey, kind: new.kind, recipient: new.recipient,
                                          text: new.text, payload: new.payload, createdAt: now, attempts: 0,
                                          nextAttemptAt: new.notBefore, sentAt: nil, lastError: nil, withdrawnAt: nil)
        try message.insert(db)
        enqueuing.wakeAfterCommit(db)
        return Enqueued(message: message, isNew: true)
    }

    /// Enqueues in a transaction of its own.
    @discardableResult
    public func enqueue(_ new: NewNotification, at now: Date) async throws -> Enqueued {
        try await writer.write { db in try enqueue(new, in: db, at: now) }
    }

    /// Calls off a message not yet sent (a cancelled booking's reminder), in the caller's
    /// transaction; true when there was one to call off.
    @discardableResult
    public func withdraw(dedupeKey: String, in db: Database, at now: Date) throws -> Bool {
        try NotificationMessage.filter(NotificationMessage.Columns.dedupeKey == dedupeKey
                                       && NotificationMessage.Columns.sentAt == nil && NotificationMessage.Columns.withdrawnAt == nil)
            .updateAll(db, NotificationMessage.Columns.withdrawnAt.set(to: now)) > 0
    }

    /// Calls off every unsent message whose key starts with `prefix` (all reminders of a
    /// booking), in the caller's transaction; how many were called off.
    @discardableResult
    public func withdraw(dedupeKeyPrefix prefix: String, in db: Database, at now: Date) throws -> Int {
        try db.execute(sql: """
            UPDATE notificationMessage SET withdrawnAt = ?
            WHERE substr(dedupeKey, 1, length(?)) = ? AND sentAt IS NULL AND withdrawnAt IS NULL
            """, arguments: [now, prefix, prefix])
        return db.changesCount
    }

    // MARK: Delivery

    // Due, next due, sent and failed: ``Outbox``.

    // MARK: Reading

    public func message(id: String) async throws -> NotificationMessage? {
        try await writer.read { db in try NotificationMessage.fetchOne(db, key: id) }
    }

    public func message(dedupeKey: String) async throws -> NotificationMessage? {
        try await writer.read { db in try NotificationMessage.filter(NotificationMessage.Columns.dedupeKey == dedupeKey).fetchOne(db) }
    }

    /// The latest messages, newest first.
    public func recent(limit: Int = 100) async throws -> [NotificationMessage] {
        try await writer.read { db in
            try NotificationMessage.order(NotificationMessage.Columns.createdAt.desc, NotificationMessage.Columns.id).limit(limit).fetchAll(db)
        }
    }

    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8: notification outbox") { db in
            try db.create(table: "notificationMessage") { t in
                t.primaryKey("id", .text)
                // One message per reminder however often it is enqueued: the database's guarantee.
                t.column("dedupeKey", .text).notNull().unique()
                t.column("kind", .text).notNull()
                t.column("recipient", .text).notNull()
                t.column("text", .text).notNull()
                t.column("payload", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("sentAt", .datetime)
                t.column("lastError", .text)
                t.column("withdrawnAt", .datetime)
            }
            try db.execute(sql: "CREATE INDEX notificationMessage_due ON notificationMessage(nextAttemptAt) WHERE sentAt IS NULL AND withdrawnAt IS NULL")
            try db.create(index: "notificationMessage_created", on: "notificationMessage", columns: ["createdAt"])
        }
    }
}

/// What an enqueue came to: the message, and whether this call made it.
public struct Enqueued: Sendable {
    public var message: NotificationMessage
    public var isNew: Bool
}
