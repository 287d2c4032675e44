import Foundation
import GRDB
import IntakeCore

/// The durable outbox of review uploads to the 好差评 platform (R6; issue 15: "nothing lost
/// or counted twice across restarts"). ``ReviewStore`` enqueues inside the write that
/// records the review, so a review and its upload commit together or not at all; the
/// delivery side is the common ``Outbox``. It records whether or not an uploader is
/// configured, so turning one on later uploads the backlog.
public struct ReviewUploadOutbox: Outbox {
    public typealias Entry = ReviewUpload
    public let writer: any DatabaseWriter
    private let enqueuing: OutboxEnqueuing

    /// - Parameter onEnqueue: called after the commit of every transaction that enqueued or
    ///   re-timed an upload (the uploader's wake-up), never for a rolled-back one.
    public init(writer: any DatabaseWriter, makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
                onEnqueue: @escaping @Sendable () -> Void = {}) {
        self.writer = writer; enqueuing = OutboxEnqueuing(makeID: makeID, committed: onEnqueue)
    }

    /// Enqueues the upload of `review`, just inserted in the caller's transaction.
    @discardableResult
    public func enqueue(_ review: Review, rater: ReviewRater?, policy: ReviewUploadPolicy, in db: Database) throws -> ReviewUpload {
        let upload = ReviewUpload(id: enqueuing.makeID(), reviewID: review.id, report: ReviewReport(review, rater: rater),
                                  createdAt: review.at, attempts: 0, nextAttemptAt: policy.due(review), sentAt: nil, lastError: nil)
        try upload.insert(db)
        enqueuing.wakeAfterCommit(db)
        return upload
    }

    /// The reasons of a bad review were given, in the caller's transaction: an upload not yet
    /// sent carries them and is due now. One sent already is left alone: the platform
    /// counts a review once, and its reasons stay in the hall.
    public func reasonsGiven(_ review: Review, policy: ReviewUploadPolicy, in db: Database) throws {
        guard var upload = try ReviewUpload.filter(ReviewUpload.Columns.reviewID == review.id).fetchOne(db), upload.sentAt == nil else { return }
        upload.report = ReviewReport(review, rater: upload.report.rater)
        // A failing one keeps its backoff; one still waiting for the reasons goes now.
        if upload.attempts == 0 { upload.nextAttemptAt = min(upload.nextAttemptAt, policy.due(review)) }
        try upload.update(db)
        enqueuing.wakeAfterCommit(db)
    }

    // MARK: Reading

    public func upload(reviewID: String) async throws -> ReviewUpload? {
        try await writer.read { db in try ReviewUpload.filter(ReviewUpload.Columns.reviewID == reviewID).fetchOne(db) }
    }

    /// The uploads tried and not yet sent, the longest waiting first.
    public func failing(limit: Int = 50) async throws -> [ReviewUpload] {
        try await writer.read { db in
            try ReviewUpload.unsent.filter(ReviewUpload.Columns.attempts > 0)
                .order(ReviewUpload.Columns.createdAt, Column("id")).limit(limit).fetchAll(db)
        }
    }

    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12: review uploads") { db in
            try db.create(table: "reviewUpload") { t in
                t.primaryKey("id", .text)
                // One upload per review however it was given: the database's guarantee.
                t.column("reviewID", .text).notNull().unique().references("review")
                t.column("report", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("sentAt", .datetime)
                t.column("lastError", .text)
            }
            try db.execute(sql: "CREATE INDEX reviewUpload_due ON reviewUpload(nextAttemptAt) WHERE sentAt IS NULL")
            // The dashboard's counts: the unsent by attempts, the sent of the day, never the years sent before.
            try db.create(index: "reviewUpload_state", on: "reviewUpload", columns: ["sentAt", "attempts"])
        }
    }
}
