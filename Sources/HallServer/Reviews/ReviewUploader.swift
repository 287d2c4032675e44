import AsyncHTTPClient
import Foundation
import IntakeCore
import IntakeStore

/// A channel to the provincial 好差评 platform (R6; issue 15). Its interface has no public
/// spec, so the channel is pluggable: ``JSONReviewUploader`` is the one the configuration
/// names; a province's own protocol is another conformance. The dispatcher keeps the
/// retry state.
public protocol ReviewUploader: Sendable {
    /// Returns once the platform has accepted the upload; throws when it has not (it is
    /// tried again later). `upload.id` goes with it as its idempotency key, the same on
    /// every attempt, so a platform that sees it twice counts it once.
    func upload(_ upload: ReviewUpload) async throws(DeliveryError)
}

/// The JSON-over-HTTP uploader (`reviews.upload.url`): one `POST` per review of the core's
/// report (``ReviewReport``: case number, item code, department, window, level, channel,
/// time, reasons, the rater masked) with `uploadID`, and headers `Idempotency-Key: <upload
/// id>` and, with `reviews.upload.token`, `Authorization: Bearer <token>`.
public struct JSONReviewUploader: ReviewUploader {
    public var url: String { post.url }
    let post: OutboxPost
    let token: String?

    public init(url: String, token: String? = nil, timeoutSeconds: Double, client: HTTPClient = .shared) {
        post = OutboxPost(url: url, timeoutSeconds: timeoutSeconds, client: client, receiver: "the 好差评 platform",
                          userAgent: "OneVisit-reviews")
        self.token = token
    }

    /// The report's fields, and the upload's id beside them.
    struct Body: Encodable {
        var uploadID: String
        var report: ReviewReport

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(uploadID, forKey: .uploadID)
        }

        enum Key: String, CodingKey { case uploadID }
    }

    public func upload(_ upload: ReviewUpload) async throws(DeliveryError) {
        try await post.send(Body(uploadID: upload.id, report: upload.report), idempotencyKey: upload.id, bearer: token)
    }
}
