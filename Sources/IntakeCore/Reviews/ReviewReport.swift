#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One review as it is reported to the provincial 好差评 platform (R6; seed 004 §12.2.2:
/// every case rated, the ratings gathered for the evaluation of §12.4). The fields are an
/// allow-list (``fields``): what a review holds beyond them (staff name, item name, the
/// real-name flag) stays in the hall, and the rater goes masked (``ReviewRater``).
public struct ReviewReport: Codable, Sendable, Hashable {
    public var reviewID: String
    public var caseNumber: String?
    public var ticketNumber: String?
    public var itemCode: String?
    public var department: String
    public var windowID: String?
    /// 1 非常不满意 … 5 非常满意.
    public var level: Int
    public var levelName: String
    public var channel: ReviewChannel
    public var ratedAt: Date
    /// The reasons a citizen picked after a bad review (from the hall's list).
    public var reasons: [String]
    /// Nil for an anonymous review (a ticket taken without an ID card at a keypad).
    public var rater: ReviewRater?

    /// Every key the report's JSON may hold, and the only ones: the allow-list.
    public static let fields: Set<String> = ["reviewID", "caseNumber", "ticketNumber", "itemCode", "department", "windowID",
                                             "level", "levelName", "channel", "ratedAt", "reasons", "rater"]
    /// Every key the rater's JSON may hold.
    public static let raterFields: Set<String> = ["maskedName", "maskedNumber", "maskedPhone", "cardType"]

    public init(_ review: Review, rater: ReviewRater?) {
        reviewID = review.id; caseNumber = review.caseNumber; ticketNumber = review.ticketNumber; itemCode = review.itemCode
        department = review.department; windowID = review.windowID; level = review.level.rawValue
        levelName = review.level.chineseName; channel = review.channel; ratedAt = review.at; reasons = review.reasons
        self.rater = rater
    }
}
