import Foundation
import IntakeCore
import IntakeStore
import Logging
import ServiceLifecycle

/// Delivers the outbox's due messages through the hall's ``Notifier`` (seed 004 §8.2.4;
/// issue 14: "none are lost, and none are sent twice"), as a service of the daemon.
///
/// It wakes when an enqueue commits and when the next message falls due, and otherwise
/// sleeps: no polling while idle. A message is marked sent only after the channel accepted
/// it (a 2xx from the gateway), in a durable write of its own right after; a failure is
/// recorded with its retry time (doubling backoff with jitter, ``RetryBackoff``), so a
/// restart resumes from the database and nothing is lost.
///
/// The one window for a duplicate: a crash (or a failed write) after the gateway's 2xx and
/// before the mark is committed leaves the message unsent in the outbox, and it goes again
/// after the restart. It goes with the same `Idempotency-Key` (the message id), so the
/// gateway drops the second one.
///
/// One dispatcher per outbox: two would each send the same due messages.
public struct NotificationDispatcher: Service {
    let notifications: HallNotifications
    let notifier: any Notifier
    let backoff: RetryBackoff
    let clock: @Sendable () -> Date
    let logger: Logger
    let random: @Sendable () -> Double
    /// Messages read per batch.
    let batch = 20

    public func run() async throws {
        var timer: Task<Void, Never>?
        defer { timer?.cancel() }
        notifications.wake()  // what fell due while the daemon was down
        for await _ in notifications.wakeups.cancelOnGracefulShutdown() {
            timer?.cancel()
            let stored = await drain()
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            guard let next = await nextDue() else { continue }
            // A store that cannot write is not asked again at once, or this would spin.
            let delay = max(next.timeIntervalSince(clock()), stored ? 0 : backoff.base)
            let wake = notifications.wake
            timer = Task {
                do { try await Task.sleep(for: .seconds(max(delay, 0))) } catch { return }
                wake()
            }
        }
        logger.debug("Notification dispatcher stopped")
    }

    /// Sends what is due now; false when the outbox could not be read or written.
    func drain() async -> Bool {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let due: [NotificationMessage]
            do { due = try await notifications.outbox.due(at: clock(), limit: batch) } catch {
                logger.error("Cannot read the notification outbox", metadata: ["error": "\(error)"])
                return false
            }
            for message in due {
                if Task.isShuttingDownGracefully || Task.isCancelled { return true }
                guard await deliver(message) else { return false }
            }
            if due.count < batch { return true }
        }
        return true
    }

    /// One attempt; false when its outcome could not be stored.
    func deliver(_ message: NotificationMessage) async -> Bool {
        let to = MobilePhone.mask(message.recipient)
        do {
            // A send in flight is cut short by a shutdown, not awaited up to its timeout.
            try await cancelWhenGracefulShutdown { [notifier] in try await notifier.send(message) }
        } catch where Task.isShuttingDownGracefully {
            logger.info("Notification send interrupted by the shutdown; it goes after the restart", metadata: ["id": "\(message.id)"])
            return true
        } catch {
            let reason = (error as? NotifierError)?.description ?? "\(error)"
            let failures = message.attempts + 1
            let delay = backoff.delay(afterFailures: failures, random: random())
            logger.warning("Notification not delivered; it will be retried", metadata: [
                "id": "\(message.id)", "kind": "\(message.kind)", "to": "\(to)", "attempt": "\(failures)",
                "retryInSeconds": "\(Int(delay.rounded(.up)))", "error": "\(reason)"])
            do {
                try await notifications.outbox.markFailed(id: message.id, error: reason, retryAt: clock().addingTimeInterval(delay))
                return true
            } catch {
                logger.error("Cannot record a failed notification", metadata: ["id": "\(message.id)", "error": "\(error)"])
                return false
            }
        }
        do {
            try await notifications.outbox.markSent(id: message.id, at: clock())
            logger.info("Notification delivered", metadata: [
                "id": "\(message.id)", "kind": "\(message.kind)", "to": "\(to)", "attempts": "\(message.attempts + 1)"])
            return true
        } catch {
            logger.error("Notification delivered but not recorded as sent: it will go again, with the same Idempotency-Key",
                         metadata: ["id": "\(message.id)", "error": "\(error)"])
            return false
        }
    }

    private func nextDue() async -> Date? {
        do { return try await notifications.outbox.nextDue() } catch {
            logger.error("Cannot read the notification outbox", metadata: ["error": "\(error)"])
            return clock()
        }
    }
}
