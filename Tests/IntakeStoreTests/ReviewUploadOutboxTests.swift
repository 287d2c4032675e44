import Foundation
import GRDB
import IntakeCore
import IntakeStore
import Synchronization
import Testing

/// The review upload outbox on a real database file (R6; issue 15): a review and its upload
/// commit in one transaction or not at all, one upload per review, the reasons of a bad
/// review join an upload not yet sent, and the wake-up comes after the commit only.
@Suite(.timeLimit(.minutes(2)))
struct ReviewUploadOutboxTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let rules = ReviewRules(policy: ReviewPolicy(), calendar: WorkingCalendar(), upload: ReviewUploadPolicy(reasonsWaitSeconds: 300)) { _ in
        CivilDay(year: 2026, month: 9, day: 21)!
    }

    func store(uploadIDs: @escaping @Sendable () -> String = { UUID().uuidString },
               onEnqueue: @escaping @Sendable () -> Void = {}) throws -> ReviewStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-uploads-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let writer = try HallDatabase.open(path: dir + "/onevisit.sqlite")
        return ReviewStore(writer: writer, uploads: ReviewUploadOutbox(writer: writer, makeID: uploadIDs, onEnqueue: onEnqueue))
    }

    func subject(_ ticket: String) -> ReviewSubject {
        ReviewSubject(ticketID: ticket, ticketNumber: ticket.uppercased(), itemName: "新生儿出生", department: "卫健委", windowID: "4",
                      realName: true, rater: ReviewRater(applicant: Applicant(name: "王小明", idNumber: "110101199003071234")))
    }

    @Test func aReviewAndItsUploadCommitTogether() async throws {
        let woken = Mutex(0)
        let reviews = try store(onEnqueue: { woken.withLock { $0 += 1 } })
        let stored = try await reviews.add(subject("t1"), channel: .kiosk, level: .satisfied, at: now, hall: rules)
        let review = try #require(stored.review)
        let upload = try #require(try await reviews.uploads.upload(reviewID: review.id))
        #expect(upload.state == .pending && upload.nextAttemptAt == now && upload.report == ReviewReport(review, rater: subject("t1").rater))
        #expect(upload.report.rater?.maskedName == "王**")
        #expect(woken.withLock { $0 } == 1)
        #expect(try await reviews.uploads.due(at: now).map(\.reviewID) == [review.id])

        // A second review of the ticket is refused: no second upload either.
        await #expect(throws: ReviewStoreError.self) {
            try await reviews.add(subject("t1"), channel: .kiosk, level: .verySatisfied, at: now, hall: rules)
        }
        #expect(try await reviews.uploads.tally(sentSince: now) == OutboxTally(pending: 1, failing: 0, sent: 0, oldestUnsentAt: now))
        #expect(woken.withLock { $0 } == 1, "no wake-up for a rolled-back transaction")
        // The database holds one upload per review, whatever a caller does.
        await #expect(throws: DatabaseError.self) {
            try await reviews.writer.write { db in
                var copy = upload
                copy.id = "other"
                try copy.insert(db)
            }
        }
    }

    @Test func anUploadThatCannotBeStoredTakesItsReviewWithIt() async throws {
        // Every upload gets the same id: the second one's insert fails inside the review's transaction.
        let reviews = try store(uploadIDs: { "same" })
        _ = try await reviews.add(subject("t1"), channel: .kiosk, level: .satisfied, at: now, hall: rules)
        await #expect(throws: ReviewStoreError.self) {
            try await reviews.add(subject("t2"), channel: .kiosk, level: .satisfied, at: now, hall: rules)
        }
        #expect(try await reviews.reviews().map(\.ticketID) == ["t1"], "the review was rolled back with its upload")
    }

    @Test func aBadReviewWaitsForItsReasonsThenGoesWithThem() async throws {
        let reviews = try store()
        let stored = try await reviews.add(subject("t1"), channel: .kiosk, level: .dissatisfied, at: now, hall: rules)
        let review = try #require(stored.review)
        #expect(try await reviews.uploads.due(at: now).isEmpty)
        #expect(try await reviews.uploads.nextDue() == now.addingTimeInterval(300))
        _ = try await reviews.setReasons(review: review.id, reasons: ["等候时间长"], allowed: ReviewPolicy.defaultBadReasons)
        let due = try await reviews.uploads.due(at: now)
        #expect(due.map(\.reviewID) == [review.id] && due.first?.report.reasons == ["等候时间长"])
        #expect(due.first?.report.rater?.maskedNumber == "1101**********1234", "the rater stays as it was enqueued")

        try await reviews.uploads.markFailed(id: due[0].id, error: "the 好差评 platform answered HTTP 503", retryAt: now.addingTimeInterval(5))
        #expect(try await reviews.uploads.failing().map(\.attempts) == [1])
        try await reviews.uploads.markSent(id: due[0].id, at: now.addingTimeInterval(5))
        #expect(try await reviews.uploads.tally(sentSince: now) == OutboxTally(pending: 0, failing: 0, sent: 1, oldestUnsentAt: nil))
        #expect(try await reviews.uploads.tally(sentSince: now.addingTimeInterval(6)).sent == 0, "the day's sent only")
        #expect(try await reviews.uploads.upload(reviewID: review.id)?.state == .sent)
    }
}
