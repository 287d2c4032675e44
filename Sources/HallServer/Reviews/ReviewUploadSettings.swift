import Foundation
import IntakeCore

/// The `reviews.upload` section of the daemon's configuration (R6; issue 15): the 好差评
/// platform's address, its bearer token, the timeout and the retry backoff. Without an
/// address nothing is sent, and the outbox still records every review: configuring one
/// later uploads the backlog, oldest first.
public struct ReviewUploadSettings: Sendable, Equatable {
    /// `reviews.upload.url`: an http:// or https:// address; nil for none (uploads wait).
    public var url: String?
    /// `reviews.upload.token`: sent as `Authorization: Bearer …`; a secret, never logged.
    public var token: String?
    /// `reviews.upload.timeoutSeconds`: how long one POST may take.
    public var timeoutSeconds: Double = 10
    /// `reviews.upload.retryBaseSeconds` and `retryMaxSeconds`: the first retry's delay,
    /// doubling up to the longest.
    public var retryBaseSeconds: Double = 5
    public var retryMaxSeconds: Double = 600

    public init(url: String? = nil, token: String? = nil, timeoutSeconds: Double = 10, retryBaseSeconds: Double = 5,
                retryMaxSeconds: Double = 600) {
        self.url = url; self.token = token; self.timeoutSeconds = timeoutSeconds
        self.retryBaseSeconds = retryBaseSeconds; self.retryMaxSeconds = retryMaxSeconds
    }

    public static let keys = ["reviews.upload.url", "reviews.upload.token", "reviews.upload.timeoutSeconds",
                              "reviews.upload.retryBaseSeconds", "reviews.upload.retryMaxSeconds"]

    public var backoff: RetryBackoff { RetryBackoff(base: retryBaseSeconds, cap: retryMaxSeconds) }

    /// The uploader these settings name; nil without an address.
    public func uploader() -> (any ReviewUploader)? {
        url.map { JSONReviewUploader(url: $0, token: token, timeoutSeconds: timeoutSeconds) }
    }

    /// What is wrong with the values, each naming its key.
    public var problems: [String] {
        var found = DeliverySettings(section: "reviews.upload", urlKey: "url", receiver: "the 好差评 platform", url: url,
                                     timeoutSeconds: timeoutSeconds, retryBaseSeconds: retryBaseSeconds,
                                     retryMaxSeconds: retryMaxSeconds).problems
        if let token, token.isEmpty || token.contains(where: { $0.isWhitespace || $0.isNewline }) {
            found.append("reviews.upload.token: not a bearer token (empty, or with white space)")
        }
        return found
    }
}
