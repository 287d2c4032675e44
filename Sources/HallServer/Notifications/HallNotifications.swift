import Foundation
import GRDB
import IntakeCore
import IntakeStore
import Logging

/// The dispatcher of the notification outbox (seed 004 §8.2.4; issue 14).
public typealias NotificationDispatcher = OutboxDispatcher<NotificationOutbox>

/// The hall's notification channel (seed 004 §8.2.4 reminders, close-day notices): the
/// durable outbox that features enqueue into, and the signal that wakes the one
/// ``NotificationDispatcher`` draining it as soon as an enqueue commits.
public final class HallNotifications: Sendable {
    public let outbox: NotificationOutbox
    let signal: OutboxSignal

    public init(writer: any DatabaseWriter) {
        let signal = OutboxSignal()
        self.signal = signal
        outbox = NotificationOutbox(writer: writer, onEnqueue: { signal.wake() })
    }

    /// Asks the dispatcher to look at the outbox now.
    func wake() { signal.wake() }

    /// The dispatcher of this hall's outbox through `notifier`; its log names the recipient masked only.
    public func dispatcher(notifier: any Notifier, settings: NotificationSettings, clock: @escaping @Sendable () -> Date,
                           clockSpeed: Double = 1,
                           logger: Logger, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) -> NotificationDispatcher {
        NotificationDispatcher(noun: "Notification", outbox: outbox, signal: signal, send: { try await notifier.send($0) },
                               describe: { ["id": "\($0.id)", "kind": "\($0.kind)", "to": "\(MobilePhone.mask($0.recipient))"] },
                               observe: {}, recorded: { _ in }, backoff: settings.backoff, clock: clock, clockSpeed: clockSpeed, logger: logger, random: random)
    }
}
