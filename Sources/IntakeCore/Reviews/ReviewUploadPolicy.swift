#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// When a review is due for upload to the 好差评 platform (R6): a good one at once; a bad
/// one once the citizen has picked the reasons on the window's screen, or after
/// `reasonsWaitSeconds` without them, so the platform gets the reasons with the review
/// instead of a second report of the same review.
public struct ReviewUploadPolicy: Sendable, Equatable {
    public var reasonsWaitSeconds: Double

    public init(reasonsWaitSeconds: Double = 300) { self.reasonsWaitSeconds = reasonsWaitSeconds }

    /// When the upload of `review` first falls due.
    public func due(_ review: Review) -> Date {
        review.level.isBad && review.reasons.isEmpty ? review.at.addingTimeInterval(reasonsWaitSeconds) : review.at
    }

}
