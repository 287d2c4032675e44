import Foundation
@testable import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeStore
import Testing

/// The upload of reviews to the 好差评 platform in process (R6; issue 15), against a real
/// local HTTP receiver that keeps one delivery per idempotency key as a platform would:
/// while it answers 503 the uploads are retried, and once it is back every review arrives
/// exactly once (by key and by review id), the rater masked, with the bearer token; the one
/// duplicate window (sent, not yet recorded) sends the same key again, and the receiver keeps
/// one. Without an address the outbox records, and an uploader started later sends the backlog.
@Suite("Review uploads", .timeLimit(.minutes(2)))
struct ReviewUploadTests {
    static let name = "王小明", idNumber = "110101199003071233", phone = "13812345678"

    /// The hall's uploader as `reviews.upload` configures it (no address: off).
    func dispatcher(_ hall: Hall, url: String? = nil, token: String? = nil) -> ReviewUploadDispatcher {
        let settings = ReviewUploadSettings(url: url, token: token, timeoutSeconds: 5, retryBaseSeconds: 0.2, retryMaxSeconds: 1)
        return hall.reviewUploads.dispatcher(uploader: settings.uploader(), settings: settings, clock: hall.clock, logger: hall.logger)
    }

    /// Until the outbox's tally satisfies `ready` (as it is now, or after a look of the dispatcher), at most 30 s.
    func tally(of hall: Hall, until ready: @escaping @Sendable (OutboxTally) -> Bool) async throws {
        let uploads = hall.reviewUploads
        try await within(seconds: 30) {
            let tallies = uploads.tallies()  // followed before the look at the present, so no change falls between
            if ready(try await uploads.outbox.tally(sentSince: .distantPast)) { return }
            for await tally in tallies where ready(tally) { return }
        }
    }

    /// `count` kiosk reviews of served tickets, the applicant of each case known.
    func give(_ count: Int, in hall: Hall) async throws -> [Review] {
        var given: [Review] = []
        for n in 1...count {
            let rater = ReviewRater(applicant: Applicant(name: Self.name, idNumber: Self.idNumber, phone: Self.phone))
            let subject = ReviewSubject(ticketID: "ticket-\(n)", ticketNumber: "A00\(n)", caseNumber: "TS2026120700\(n)", itemCode: "ITEM\(n)",
                                        itemName: "新生儿出生", department: "卫健委", windowID: "1", staffID: "clerk1", staffName: "李四",
                                        realName: true, rater: rater)
            let stored = try await hall.reviews.add(subject, channel: .kiosk, level: .satisfied, at: hall.clock(), hall: hall.reviewDesk.reviewRules)
            given.append(try #require(stored.review))
        }
        return given
    }

    @Test func aPlatformAnswering503GetsEveryReviewExactlyOnceWhenBack() async throws {
        let (hall, _) = try await makeTestHall()
        let platform = WebhookReceiver(answering: Array(repeating: 503, count: 7), path: "/reviews")
        let port = try await platform.start()
        defer { Task { await platform.stop() } }
        let count = 4

        let uploader = dispatcher(hall, url: "http://127.0.0.1:\(port)/reviews", token: "hall-token-1")
        let reviews = try await whileRunning([uploader], logger: hall.logger) {
            let reviews = try await give(count, in: hall)
            let arrived = try await platform.wait("every review kept once") { $0.filter { !$0.duplicate && $0.status == 200 }.count == count }
            #expect(arrived.filter { $0.status == 503 }.count == 7, "the platform was down for a while")

            try await tally(of: hall) { $0.pending == 0 && $0.failing == 0 }
            // The duplicate window: the platform accepted, the mark did not reach the disk
            // (a crash right then). The upload goes again with its key; the platform keeps one.
            let resent = try #require(try await hall.reviewUploads.outbox.upload(reviewID: reviews[0].id))
            try await hall.writer.write { db in try db.execute(sql: "UPDATE reviewUpload SET sentAt = NULL WHERE id = ?", arguments: [resent.id]) }
            hall.reviewUploads.signal.wake()
            _ = try await platform.wait("the upload sent again after the crash window") { $0.contains(where: \.duplicate) }
            try await tally(of: hall) { $0.pending == 0 && $0.failing == 0 }
            return reviews
        }
        let accepted = platform.accepted, kept = platform.kept
        #expect(Set(kept.compactMap(\.idempotencyKey)).count == count && kept.count == count)
        #expect(Set(kept.compactMap { $0.json["reviewID"] }) == Set(reviews.map(\.id)))
        let uploads = try await reviews.asyncMap { try #require(try await hall.reviewUploads.outbox.upload(reviewID: $0.id)) }
        #expect(Set(kept.compactMap(\.idempotencyKey)) == Set(uploads.map(\.id)), "the key is the upload's id")
        // Once healthy, a key arrived twice only through the crash window.
        #expect(accepted.count == count + 1 && accepted.filter(\.duplicate).map(\.idempotencyKey) == [uploads[0].id])
        for arrival in platform.arrivals {
            #expect(arrival.authorization == "Bearer hall-token-1" && arrival.json["uploadID"] == arrival.idempotencyKey)
            for secret in [Self.name, Self.idNumber, Self.phone, "李四"] { #expect(!arrival.body.contains(secret), "\(arrival.body)") }
        }
        let first = try #require(kept.first { $0.json["reviewID"] == reviews[0].id })
        #expect(first.json["rater.maskedName"] == "王**" && first.json["rater.maskedPhone"] == "138****5678")
        #expect(first.json["caseNumber"] == "TS20261207001" && first.json["itemCode"] == "ITEM1" && first.json["department"] == "卫健委")
        #expect(first.json["windowID"] == "1" && first.json["level"] == "4" && first.json["levelName"] == "满意" && first.json["channel"] == "kiosk" && first.json["ratedAt"] != nil,
                "\(first.json)")
        #expect(uploads.allSatisfy { $0.state == .sent })
        let status = try await hall.reviewUploads.status(at: hall.clock())
        #expect(status.sent == count && status.pending == 0 && status.failing == 0 && status.destination == "127.0.0.1")

        // The supervisor's dashboard and /metrics show it.
        let supervisor = try await hall.session("supervisor1")
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/supervision/today", method: .get, as: supervisor) { response in
                let uploads = try #require(try json(response.body)["uploads"] as? [String: Any])
                #expect(uploads["sent"] as? Int == count && uploads["failing"] as? Int == 0 && (uploads["failingUploads"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                for metric in [#"onevisit_review_uploads{state="pending"}"#, #"onevisit_review_uploads{state="failing"}"#,
                               "onevisit_review_uploads_sent_total", "onevisit_review_upload_failures_total",
                               "onevisit_review_upload_oldest_unsent_timestamp_seconds"] {
                    #expect(text.contains(metric), "\(metric) in /metrics")
                }
            }
        }
    }

    @Test func withoutAnAddressTheOutboxRecordsAndAnUploaderLaterSendsTheBacklog() async throws {
        let (hall, _) = try await makeTestHall()
        let reviews = try await whileRunning([dispatcher(hall)], logger: hall.logger) { try await give(3, in: hall) }
        var status = try await hall.reviewUploads.status(at: hall.clock())
        #expect(status.destination == nil && status.pending == 3 && status.sent == 0 && status.oldestUnsentAt != nil)

        let platform = WebhookReceiver(path: "/reviews")
        let port = try await platform.start()
        defer { Task { await platform.stop() } }
        try await whileRunning([dispatcher(hall, url: "http://127.0.0.1:\(port)/reviews")], logger: hall.logger) {
            _ = try await platform.wait("the backlog") { $0.count == 3 }
            try await tally(of: hall) { $0.pending == 0 && $0.failing == 0 }
        }
        #expect(platform.kept.count == 3 && Set(platform.kept.compactMap { $0.json["reviewID"] }) == Set(reviews.map(\.id)), "each once")
        #expect(platform.arrivals.allSatisfy { $0.authorization == nil })
        status = try await hall.reviewUploads.status(at: hall.clock())
        #expect(status.sent == 3 && status.pending == 0)
    }

    @Test func aKeypadReviewOfACaseIsReportedWithItsApplicantMasked() async throws {
        let (hall, _) = try await makeTestHall()
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        let clerk = try await hall.session("clerk4"), kiosk = try await hall.kioskToken()
        let number: String = try await app.test(.router) { client in
            func call(_ uri: String, _ body: String? = nil, as token: String?) async throws -> [String: Any] {
                try await client.execute(uri: uri, method: .post, as: token, body: body) { response async throws in
                    #expect(response.status.code < 300, "\(uri): \(String(buffer: response.body))")
                    return response.body.readableBytes == 0 ? [:] : try json(response.body)
                }
            }
            let ticket = try await call("/api/v1/tickets", #"{"bundle": "newborn"}"#, as: kiosk)
            for step in ["sign-in", "call-next", "start"] { _ = try await call("/api/v1/windows/4/\(step)", as: clerk) }
            let opened = try await call("/api/v1/cases", #"""
                {"ticketID": "\#(ticket["id"] as? String ?? "")", "applicant": {"name": "\#(Self.name)", "idNumber": "\#(Self.idNumber)", "phone": "\#(Self.phone)"}}
                """#, as: clerk)
            _ = try await call("/api/v1/windows/4/finish", as: clerk)
            return try #require(opened["number"] as? String)
        }
        let review = try #require(await hall.reviewDesk.keypadPressed(window: "4", level: 5)?.review)
        let upload = try #require(try await hall.reviewUploads.outbox.upload(reviewID: review.id))
        #expect(upload.report.caseNumber == number && upload.report.channel == .keypad && upload.report.windowID == "4")
        #expect(upload.report.rater?.maskedName == "王**" && upload.report.rater?.maskedPhone == "138****5678")
        let stored = try #require(try await hall.reviews.review(id: review.id))
        #expect(upload.state == .pending && upload.nextAttemptAt == stored.at, "a good review is due at once")
    }

    @Test func theUploadSettingsAreChecked() {
        #expect(ReviewUploadSettings().problems.isEmpty && ReviewUploadSettings().uploader() == nil)
        let bad = ReviewUploadSettings(url: "ftp://x", token: "two words", timeoutSeconds: 0, retryBaseSeconds: 10, retryMaxSeconds: 5)
        let problems = bad.problems.joined(separator: "\n")
        for key in ["reviews.upload.url", "reviews.upload.token", "reviews.upload.timeoutSeconds", "reviews.upload.retryMaxSeconds"] {
            #expect(problems.contains(key + ":"), "\(problems)")
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var mapped: [T] = []
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }
}
