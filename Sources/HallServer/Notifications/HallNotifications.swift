import Foundation
import GRDB
import IntakeStore
import Logging

/// The hall's notification channel (seed 004 §8.2.4 reminders, close-day notices): the
/// durable outbox that features enqueue into, and the signal that wakes the one
/// ``NotificationDispatcher`` draining it as soon as an enqueue commits.
public final class HallNotifications: Sendable {
    public let outbox: NotificationOutbox
    /// Wake-ups for the dispatcher; only the newest one is kept, one is as good as many.
    let wakeups: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init(writer: any DatabaseWriter) {
        let (wakeups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wakeups = wakeups
        self.continuation = continuation
        outbox = NotificationOutbox(writer: writer, onEnqueue: { continuation.yield() })
    }

    /// Asks the dispatcher to look at the outbox now.
    func wake() { continuation.yield() }

    /// The dispatcher of this hall's outbox through `notifier`.
    public func dispatcher(notifier: any Notifier, settings: NotificationSettings, clock: @escaping @Sendable () -> Date,
                           logger: Logger, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) -> NotificationDispatcher {
        NotificationDispatcher(notifications: self, notifier: notifier, backoff: settings.backoff, clock: clock, logger: logger, random: random)
    }
}
