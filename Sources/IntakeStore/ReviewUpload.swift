import Foundation
import GRDB
import IntakeCore

/// One review's report to the provincial 好差评 platform, in the upload outbox (R6; issue
/// 15). Written in the transaction that stores the review, one per review (UNIQUE
/// `reviewID`), and it leaves the outbox only as `sentAt`, never deleted.
public struct ReviewUpload: OutboxEntry, Equatable {
    public static var databaseTableName: String { "reviewUpload" }

    /// The idempotency key the platform keeps: the same on every attempt.
    public var id: String
    public var reviewID: String
    /// What is sent, as the core's allow-list made it: the rater masked.
    public var report: ReviewReport
    public var createdAt: Date
    public var attempts: Int
    /// When it is due: the policy's time at first (``ReviewUploadPolicy``), after a failure the retry time.
    public var nextAttemptAt: Date
    public var sentAt: Date?
    /// Why the last attempt failed (a status or connection error, never the platform's body).
    public var lastError: String?

    public enum Columns {
        static let reviewID = Column(CodingKeys.reviewID)
        static let createdAt = Column(CodingKeys.createdAt)
        static let attempts = Column(CodingKeys.attempts)
        static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        static let sentAt = Column(CodingKeys.sentAt)
    }

    public static var unsent: QueryInterfaceRequest<ReviewUpload> { ReviewUpload.filter(Columns.sentAt == nil) }

    /// Pending until its first attempt, failing after a failed one, then sent.
    public var state: ReviewUploadState {
        if sentAt != nil { return .sent }
        return attempts > 0 ? .failing : .pending
    }
}

public enum ReviewUploadState: String, Codable, Sendable {
    case pending, failing, sent
}
