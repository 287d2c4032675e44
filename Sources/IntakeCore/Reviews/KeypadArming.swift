#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A window's keypad waiting for the citizen's one press after a service (一次一评): set
/// when the window finishes a ticket, used up by the first press, void after the hall's
/// `keypadSeconds`.
public struct KeypadArming: Codable, Sendable, Hashable {
    public var windowID: String
    public var subject: ReviewSubject
    public var armedAt: Date
    public var expiresAt: Date
    /// Set by the press that made the review; later presses are counted and ignored.
    public var reviewID: String?

    public init(windowID: String, subject: ReviewSubject, armedAt: Date, expiresAt: Date, reviewID: String? = nil) {
        self.windowID = windowID; self.subject = subject; self.armedAt = armedAt; self.expiresAt = expiresAt
        self.reviewID = reviewID
    }
}

/// Why a key press made no review.
public enum IgnoredPress: String, Codable, Sendable, CaseIterable {
    /// No service ended at this window (or the hall restarted its count).
    case notArmed
    /// The service was rated already: one review per service.
    case alreadyReviewed
    /// Pressed after the time for rating ran out.
    case expired
}

/// What a key press does, decided from the window's arming alone.
public enum KeypadPressOutcome: Sendable, Equatable {
    case review(Review, arming: KeypadArming)
    case ignored(IgnoredPress)

    public static func decide(level: ReviewLevel, arming: KeypadArming?, at now: Date, reviewID: String) -> KeypadPressOutcome {
        guard var arming else { return .ignored(.notArmed) }
        if arming.reviewID != nil { return .ignored(.alreadyReviewed) }
        if now > arming.expiresAt || now < arming.armedAt { return .ignored(.expired) }
        arming.reviewID = reviewID
        return .review(arming.subject.review(id: reviewID, channel: .keypad, level: level, at: now), arming: arming)
    }
}
