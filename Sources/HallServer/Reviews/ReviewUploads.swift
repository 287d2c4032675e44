import Foundation
import GRDB
import IntakeCore
import IntakeStore
import Logging
import Metrics
import Synchronization

/// The dispatcher of the review upload outbox (R6; issue 15).
public typealias ReviewUploadDispatcher = OutboxDispatcher<ReviewUploadOutbox>

/// The hall's reports to the provincial 好差评 platform (R6; issue 15): the upload outbox the
/// review store enqueues into, the signal that wakes the one ``ReviewUploadDispatcher``
/// draining it, and the upload state that the supervisor's page and `/metrics` show.
public final class ReviewUploads: Sendable {
    public let outbox: ReviewUploadOutbox
    let signal: OutboxSignal
    /// The platform's host, once an uploader runs; nil while uploads only wait.
    private let destination = Mutex<String?>(nil)
    /// The first instant of the hall's day of an instant: the dashboard counts the day's sent.
    private let dayStart: @Sendable (Date) -> Date
    private let gauges = (pending: Gauge(label: "onevisit_review_uploads", dimensions: [("state", "pending")]),
                          failing: Gauge(label: "onevisit_review_uploads", dimensions: [("state", "failing")]),
                          oldest: Gauge(label: "onevisit_review_upload_oldest_unsent_timestamp_seconds"))
    private let counters = (sent: Counter(label: "onevisit_review_uploads_sent_total"),
                            failed: Counter(label: "onevisit_review_upload_failures_total"))
    /// Who follows the tally after each look of the dispatcher (``tallies()``).
    private let followers = Mutex<[UUID: AsyncStream<OutboxTally>.Continuation]>([:])
    /// How many failing uploads the supervisor's page lists.
    static let listed = 10

    public init(writer: any DatabaseWriter, dayStart: @escaping @Sendable (Date) -> Date) {
        self.dayStart = dayStart
        let signal = OutboxSignal()
        self.signal = signal
        outbox = ReviewUploadOutbox(writer: writer, onEnqueue: { signal.wake() })
    }

    /// The dispatcher of this hall's outbox through `uploader`; with none it only keeps the
    /// gauges current, and the uploads wait for an address to be configured.
    public func dispatcher(uploader: (any ReviewUploader)?, settings: ReviewUploadSettings, clock: @escaping @Sendable () -> Date, clockSpeed: Double = 1,
                           logger: Logger, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) -> ReviewUploadDispatcher {
        destination.withLock { $0 = uploader == nil ? nil : settings.url.flatMap { URL(string: $0)?.host } ?? "configured" }
        if uploader == nil {
            logger.notice("No 好差评 platform configured (reviews.upload.url): reviews wait in the upload outbox until one is")
        }
        var send: (@Sendable (ReviewUpload) async throws -> Void)?
        if let uploader { send = { upload in try await uploader.upload(upload) } }
        // Ids and case numbers only: a report's rater never reaches the log.
        let describe: @Sendable (ReviewUpload) -> Logger.Metadata = { upload in
            ["id": "\(upload.id)", "review": "\(upload.reviewID)", "case": "\(upload.report.caseNumber ?? "-")"]
        }
        let observe: @Sendable () async -> Void = { [self] in await refreshGauges(now: clock(), logger: logger) }
        let recorded: @Sendable (Bool) -> Void = { [counters] sent in (sent ? counters.sent : counters.failed).increment() }
        return ReviewUploadDispatcher(noun: "Review upload", outbox: outbox, signal: signal, send: send, describe: describe,
                                      observe: observe, recorded: recorded, backoff: settings.backoff, clock: clock, clockSpeed: clockSpeed, logger: logger, random: random)
    }

    private func refreshGauges(now: Date, logger: Logger) async {
        do {
            let tally = try await outbox.tally(sentSince: dayStart(now))
            gauges.pending.record(tally.pending)
            gauges.failing.record(tally.failing)
            // A time, not an age: it stays true between looks (Prometheus takes time() - it), 0 for none.
            gauges.oldest.record(tally.oldestUnsentAt?.timeIntervalSince1970 ?? 0)
            for follower in followers.withLock({ Array($0.values) }) { follower.yield(tally) }
        } catch {
            logger.error("Cannot count the review uploads", metadata: ["error": "\(error)"])
        }
    }

    /// The outbox's tally after every look the dispatcher takes (an attempt recorded, an
    /// enqueue seen): what waits for an upload's outcome awaits it here instead of polling.
    public func tallies() -> AsyncStream<OutboxTally> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: OutboxTally.self, bufferingPolicy: .bufferingNewest(1))
        continuation.onTermination = { [weak self] _ in _ = self?.followers.withLock { $0.removeValue(forKey: id) } }
        followers.withLock { $0[id] = continuation }
        return stream
    }

    /// The upload state as the supervisor's dashboard shows it at `now`.
    public func status(at now: Date) async throws -> ReviewUploadStatus {
        let tally = try await outbox.tally(sentSince: dayStart(now))
        let failing = try await outbox.failing(limit: Self.listed)
        return ReviewUploadStatus(destination: destination.withLock { $0 }, pending: tally.pending, failing: tally.failing,
                                  sent: tally.sent, oldestUnsentAt: tally.oldestUnsentAt,
                                  failingUploads: failing.map(ReviewUploadStatus.Row.init))
    }
}

/// The upload of reviews to the 好差评 platform, on the supervisor's dashboard.
public struct ReviewUploadStatus: Encodable, Sendable {
    /// The platform's host; nil when none is configured (uploads wait).
    public var destination: String?
    public var pending, failing: Int
    /// Sent since the start of the hall's day.
    public var sent: Int
    public var oldestUnsentAt: Date?
    /// The failing uploads, the longest waiting first (at most 10).
    public var failingUploads: [Row]

    public struct Row: Encodable, Sendable {
        public var id, reviewID: String
        public var ticketNumber, caseNumber: String?
        public var attempts: Int
        public var lastError: String?
        public var nextAttemptAt: Date

        init(_ u: ReviewUpload) {
            id = u.id; reviewID = u.reviewID; ticketNumber = u.report.ticketNumber; caseNumber = u.report.caseNumber
            attempts = u.attempts; lastError = u.lastError; nextAttemptAt = u.nextAttemptAt
        }
    }
}
