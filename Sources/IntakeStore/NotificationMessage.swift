import Foundation
import GRDB

/// One message of the notification outbox (seed 004 §8.2.4: reminders before the slot; the
/// close-day notices and complaint replies go the same way). A row is written in the same
/// transaction as what it tells of, and leaves the outbox only as `sentAt`, never deleted.
public struct NotificationMessage: OutboxEntry, Equatable {
    public static var databaseTableName: String { "notificationMessage" }

    public var id: String
    /// What makes two enqueues one message (`reminder:CODE:day-before`): UNIQUE in the table.
    public var dedupeKey: String
    /// `reminder`, `close-day`, `test`…: what the gateway may route or template on.
    public var kind: String
    /// The recipient's mobile number, in full: only the gateway gets it so.
    public var recipient: String
    /// The text to send; it may name the citizen, so it is never logged or listed.
    public var text: String
    /// Extra fields for the gateway (booking code, slot start…), a JSON object of strings.
    public var payload: [String: String]
    public var createdAt: Date
    /// Failed attempts so far, and the one that succeeded when sent.
    public var attempts: Int
    /// When it is due: at first the time it is meant to go out, after a failure the retry time.
    public var nextAttemptAt: Date
    public var sentAt: Date?
    /// Why the last attempt failed (a status or connection error, never the gateway's body).
    public var lastError: String?
    /// When it was called off before being sent (a cancelled booking's reminder).
    public var withdrawnAt: Date?

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let dedupeKey = Column(CodingKeys.dedupeKey)
        static let createdAt = Column(CodingKeys.createdAt)
        static let attempts = Column(CodingKeys.attempts)
        static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        static let sentAt = Column(CodingKeys.sentAt)
        static let lastError = Column(CodingKeys.lastError)
        static let withdrawnAt = Column(CodingKeys.withdrawnAt)
    }

    /// Neither sent nor withdrawn.
    public static var unsent: QueryInterfaceRequest<NotificationMessage> {
        NotificationMessage.filter(Columns.sentAt == nil && Columns.withdrawnAt == nil)
    }

    /// Pending until its first attempt, failing after a failed one, then sent or withdrawn.
    public var state: NotificationState {
        if sentAt != nil { return .sent }
        if withdrawnAt != nil { return .withdrawn }
        return attempts > 0 ? .failing : .pending
    }
}

public enum NotificationState: String, Codable, Sendable {
    case pending, failing, sent, withdrawn
}

/// A message to put in the outbox.
public struct NewNotification: Sendable, Equatable {
    public var dedupeKey: String
    public var kind: String
    public var recipient: String
    public var text: String
    public var payload: [String: String]
    /// When it should go out (a reminder's time); now or earlier for at once.
    public var notBefore: Date

    public init(dedupeKey: String, kind: String, recipient: String, text: String, payload: [String: String] = [:], notBefore: Date) {
        self.dedupeKey = dedupeKey; self.kind = kind; self.recipient = recipient; self.text = text
        self.payload = payload; self.notBefore = notBefore
    }
}
