import Foundation
import IntakeCore
import IntakeStore
import Logging
import Synchronization

extension Hall {
    /// What the review store needs of the hall now: policy, working calendar, local days.
    public var reviewRules: ReviewRules {
        let layout = self.layout
        let calendar = store.calendar
        return ReviewRules(policy: layout.reviews, calendar: layout.workingCalendar) { CivilDay(calendar.serviceDay(of: $0))! }
    }

    /// The hall-local day now.
    public var civilToday: CivilDay { CivilDay(store.calendar.serviceDay(of: clock()))! }

    /// After a window finishes a ticket, its keypad takes the one review of that service
    /// for `keypadSeconds` (一次一评).
    func armKeypad(window: String, for ticket: Ticket, store: QueueStore, at now: Date) async {
        var subject = ReviewSubject.of(ticket, catalog: store.catalog, queueName: store.layout.queue(ticket.queueID)?.name,
                                       hallName: store.layout.hallName)
        subject.windowID = window
        subject.caseNumber = try? await cases.find(ticketID: ticket.id)?.number
        if let staff = try? await store.staff(atWindow: window) {
            subject.staffID = staff.id
            subject.staffName = staff.name
        }
        let arming = KeypadArming(windowID: window, subject: subject, armedAt: now,
                                  expiresAt: now.addingTimeInterval(TimeInterval(store.layout.reviews.keypadSeconds)))
        do {
            try await reviews.arm(arming)
        } catch {
            logger.error("Keypad not armed", metadata: ["window": "\(window)", "ticket": "\(ticket.number)", "error": "\(error)"])
            return
        }
        reviewFeed.publish(ReviewFeed.Event(window: window, armed: arming))
        // Not awaited: a finish never waits for the keypad's line.
        let keypads = self.keypads, logger = self.logger
        Task { await keypads.prompt(window: window, logger: logger) }
    }

    /// The next citizen is called: the last one has left, so the keypad no longer rates them.
    func disarmKeypad(window: String) async {
        do { try await reviews.disarm(window: window) } catch {
            logger.error("Keypad not disarmed", metadata: ["window": "\(window)", "error": "\(error)"])
        }
    }

    /// A key press at a window's keypad: the review of the service just finished, or
    /// nothing (counted) when no service waits for one.
    @discardableResult
    public func keypadPressed(window: String, level: Int, pressedAt: ContinuousClock.Instant? = nil) async -> PressResult? {
        guard let level = ReviewLevel(rawValue: level) else { return nil }
        do {
            let result = try await reviews.press(window: window, level: level, at: clock(), hall: reviewRules)
            if let review = result.review {
                reviewsStored.increment()
                let keypads = self.keypads, logger = self.logger
                Task { await keypads.prompt(window: window, lit: false, logger: logger) }
                logger.info("Review stored", metadata: [
                    "window": "\(window)", "ticket": "\(review.ticketNumber ?? "-")", "level": "\(level.rawValue)",
                    "task": "\(result.task?.dueDay.description ?? "none")"])
            } else if let ignored = result.ignored {
                pressesIgnored.increment()
                logger.notice("Keypad press ignored", metadata: ["window": "\(window)", "reason": "\(ignored.rawValue)"])
            }
            reviewFeed.publish(ReviewFeed.Event(window: window, review: result.review, task: result.task, ignored: result.ignored,
                                                pressedAt: pressedAt))
            return result
        } catch {
            logger.error("Keypad press not stored", metadata: ["window": "\(window)", "error": "\(error)"])
            return nil
        }
    }
}

/// Fans the outcome of every key press out to whoever listens (the window screen, tests, the benchmark).
public final class ReviewFeed: Sendable {
    /// What one key press came to.
    public struct Event: Sendable {
        public var window: String
        public var review: Review?
        public var task: RectificationTask?
        public var ignored: IgnoredPress?
        /// When the key went down, as the driver saw it (nil for reviews made over the API).
        public var pressedAt: ContinuousClock.Instant?
        /// Set instead when a service ended and the keypad waits for its press.
        public var armed: KeypadArming?

        public init(window: String, review: Review? = nil, task: RectificationTask? = nil, ignored: IgnoredPress? = nil,
                    pressedAt: ContinuousClock.Instant? = nil, armed: KeypadArming? = nil) {
            self.window = window; self.review = review; self.task = task; self.ignored = ignored; self.pressedAt = pressedAt
            self.armed = armed
        }
    }

    private let subscribers = Mutex<[UUID: AsyncStream<Event>.Continuation]>([:])

    public init() {}

    public func events() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = UUID()
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.subscribers.withLock { _ = $0.removeValue(forKey: id) } }
        return stream
    }

    func publish(_ event: Event) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(event) }
    }
}
