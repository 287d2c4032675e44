import Foundation
import IntakeCore
import IntakeStore
import Logging
import Metrics

/// One-click reviews at the window's keypad (好差评, seed 004 §11): after a finish the keypad
/// takes the one review of that service (一次一评), a press becomes a review or a counted
/// ignored press, and every outcome goes out on the feed.
public final class ReviewDesk: Sendable {
    let hall: HallInForce
    let reviews: ReviewStore
    let cases: CaseStore
    let keypads: HallKeypads
    /// Reviews as they are stored, for the window screen's reason picker and for tests.
    public let feed = ReviewFeed()
    private let stored = Counter(label: "onevisit_reviews_total")
    private let ignoredPresses = Counter(label: "onevisit_keypad_presses_ignored_total")

    init(hall: HallInForce, reviews: ReviewStore, cases: CaseStore, keypads: HallKeypads) {
        self.hall = hall; self.reviews = reviews; self.cases = cases; self.keypads = keypads
    }

    /// What the review store needs of the hall now: policy, working calendar, local days.
    public var reviewRules: ReviewRules {
        let layout = hall.layout
        let calendar = hall.store.calendar
        return ReviewRules(policy: layout.reviews, calendar: layout.workingCalendar) { CivilDay(calendar.serviceDay(of: $0))! }
    }

    /// After a window finishes a ticket, its keypad takes the one review of that service
    /// for `keypadSeconds` (一次一评).
    func armKeypad(window: String, for ticket: Ticket, store: QueueStore, at now: Date) async {
        var subject = ReviewSubject.of(ticket, catalog: store.catalog, queueName: store.layout.queue(ticket.queueID)?.name,
                                       hallName: store.layout.hallName)
        subject.windowID = window
        let found = try? await cases.find(ticketID: ticket.id)
        subject.caseNumber = found?.number
        subject.rater = subject.rater ?? found?.applicant.map(ReviewRater.init(applicant:))
        if let staff = try? await store.staff(atWindow: window) {
            subject.staffID = staff.id
            subject.staffName = staff.name
        }
        let arming = KeypadArming(windowID: window, subject: subject, armedAt: now,
                                  expiresAt: now.addingTimeInterval(TimeInterval(store.layout.reviews.keypadSeconds)))
        do {
            try await reviews.arm(arming)
        } catch {
            hall.logger.error("Keypad not armed", metadata: ["window": "\(window)", "ticket": "\(ticket.number)", "error": "\(error)"])
            return
        }
        feed.publish(ReviewFeed.Event(window: window, armed: arming))
        // Not awaited: a finish never waits for the keypad's line.
        let keypads = self.keypads, logger = hall.logger
        Task { await keypads.prompt(window: window, logger: logger) }
    }

    /// The next citizen is called: the last one has left, so the keypad no longer rates them.
    func disarmKeypad(window: String) async {
        do { try await reviews.disarm(window: window) } catch {
            hall.logger.error("Keypad not disarmed", metadata: ["window": "\(window)", "error": "\(error)"])
        }
    }

    /// A key press at a window's keypad: the review of the service just finished, or
    /// nothing (counted) when no service waits for one.
    @discardableResult
    public func keypadPressed(window: String, level: Int, pressedAt: ContinuousClock.Instant? = nil) async -> PressResult? {
        guard let level = ReviewLevel(rawValue: level) else { return nil }
        do {
            let result = try await reviews.press(window: window, level: level, at: hall.clock(), hall: reviewRules)
            if let review = result.review {
                stored.increment()
                let keypads = self.keypads, logger = hall.logger
                Task { await keypads.prompt(window: window, lit: false, logger: logger) }
                hall.logger.info("Review stored", metadata: [
                    "window": "\(window)", "ticket": "\(review.ticketNumber ?? "-")", "level": "\(level.rawValue)",
                    "task": "\(result.task?.dueDay.description ?? "none")"])
            } else if let ignored = result.ignored {
                ignoredPresses.increment()
                hall.logger.notice("Keypad press ignored", metadata: ["window": "\(window)", "reason": "\(ignored.rawValue)"])
            }
            feed.publish(ReviewFeed.Event(window: window, review: result.review, task: result.task, ignored: result.ignored,
                                                pressedAt: pressedAt))
            return result
        } catch {
            hall.logger.error("Keypad press not stored", metadata: ["window": "\(window)", "error": "\(error)"])
            return nil
        }
    }
}
