import Foundation
import IntakeCore
import IntakeStore
import Logging
import ServiceLifecycle

/// Delivers an outbox's due entries through one channel, as a service of the daemon: the
/// notifications to the SMS gateway (seed 004 §8.2.4; issue 14) and the reviews to the 好差评
/// platform (R6; issue 15), "none lost, none sent twice".
///
/// It wakes when an enqueue commits and when the next entry falls due, and otherwise
/// sleeps: no polling while idle. An entry is marked sent only after the channel accepted
/// it (a 2xx from the receiver), in a durable write of its own right after; a failure is
/// recorded with its retry time (doubling backoff with jitter, ``RetryBackoff``), so a
/// restart resumes from the database and nothing is lost.
///
/// The one window for a duplicate: a crash (or a failed write) after the receiver's 2xx and
/// before the mark is committed leaves the entry unsent in the outbox, and it goes again
/// after the restart. It goes with the same `Idempotency-Key` (the entry's id), so the
/// receiver drops the second one.
///
/// One dispatcher per outbox: two would each send the same due entries.
public struct OutboxDispatcher<Box: Outbox>: Service {
    /// What the log calls an entry: "Notification", "Review upload".
    let noun: String
    let outbox: Box
    let signal: OutboxSignal
    /// Delivers one entry, throwing ``DeliveryError``; nil when no channel is configured: the
    /// entries then stay in the outbox for the day one is.
    let send: (@Sendable (Box.Entry) async throws -> Void)?
    /// What the log says of an entry: its id and nothing personal (a phone only masked).
    let describe: @Sendable (Box.Entry) -> Logger.Metadata
    /// Called after every look at the outbox (the gauges of `/metrics`).
    let observe: @Sendable () async -> Void
    /// Called once an attempt's outcome is stored: true for sent, false for failed.
    let recorded: @Sendable (_ sent: Bool) -> Void
    let backoff: RetryBackoff
    let clock: @Sendable () -> Date
    /// Hall seconds per real second (``HallClock/speed``): a retry due in ten hall minutes is ten real seconds away at 60.
    let clockSpeed: Double
    let logger: Logger
    let random: @Sendable () -> Double
    /// Entries read per batch.
    let batch = 20

    public func run() async throws {
        var timer: Task<Void, Never>?
        defer { timer?.cancel() }
        // The first wake-up is for what fell due while the daemon was down.
        for await _ in signal.wakeups().cancelOnGracefulShutdown() {
            timer?.cancel()
            guard send != nil else { await observe(); continue }
            let stored = await drain()
            await observe()
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            guard let next = await nextDue() else { continue }
            // A store that cannot write is not asked again at once, or this would spin.
            let delay = max(next.timeIntervalSince(clock()), stored ? 0 : backoff.base)
            let wake = signal.wake
            timer = Task {
                do { try await Task.sleep(for: .seconds(max(delay, 0) / clockSpeed)) } catch { return }
                wake()
            }
        }
        logger.debug("\(noun) dispatcher stopped")
    }

    /// Sends what is due now; false when the outbox could not be read or written.
    func drain() async -> Bool {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let due: [Box.Entry]
            do { due = try await outbox.due(at: clock(), limit: batch) } catch {
                logger.error("Cannot read the outbox", metadata: ["outbox": "\(noun)", "error": "\(error)"])
                return false
            }
            for entry in due {
                if Task.isShuttingDownGracefully || Task.isCancelled { return true }
                guard await deliver(entry) else { return false }
            }
            if due.count < batch { return true }
        }
        return true
    }

    /// One attempt; false when its outcome could not be stored.
    func deliver(_ entry: Box.Entry) async -> Bool {
        guard let send else { return true }
        let about = describe(entry)
        do {
            // A send in flight is cut short by a shutdown, not awaited up to its timeout.
            try await cancelWhenGracefulShutdown { try await send(entry) }
        } catch where Task.isShuttingDownGracefully {
            logger.info("\(noun) send interrupted by the shutdown; it goes after the restart", metadata: about)
            return true
        } catch {
            let reason = (error as? DeliveryError)?.description ?? "\(error)"
            let failures = entry.attempts + 1
            let delay = backoff.delay(afterFailures: failures, random: random())
            logger.warning("\(noun) not delivered; it will be retried", metadata: about.merging([
                "attempt": "\(failures)", "retryInSeconds": "\(Int(delay.rounded(.up)))", "error": "\(reason)"]) { $1 })
            do {
                try await outbox.markFailed(id: entry.id, error: reason, retryAt: clock().addingTimeInterval(delay))
                recorded(false)
                return true
            } catch {
                logger.error("Cannot record a failed delivery", metadata: about.merging(["error": "\(error)"]) { $1 })
                return false
            }
        }
        do {
            try await outbox.markSent(id: entry.id, at: clock())
            recorded(true)
            logger.info("\(noun) delivered", metadata: about.merging(["attempts": "\(entry.attempts + 1)"]) { $1 })
            return true
        } catch {
            logger.error("\(noun) delivered but not recorded as sent: it will go again, with the same Idempotency-Key",
                         metadata: about.merging(["error": "\(error)"]) { $1 })
            return false
        }
    }

    private func nextDue() async -> Date? {
        do { return try await outbox.nextDue() } catch {
            logger.error("Cannot read the outbox", metadata: ["outbox": "\(noun)", "error": "\(error)"])
            return clock()
        }
    }
}
