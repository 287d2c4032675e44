import ServiceLifecycle
import Synchronization

/// How long to wait before opening a missing device again: doubling from `initial` up to
/// `maximum`, reset once the device opens. A hotplug event (``DeviceWakeup``) cuts a wait
/// short, so a long backoff never delays a replugged device.
public struct Backoff: Sendable, Equatable {
    public let initial: Duration
    public let maximum: Duration
    private var upcoming: Duration

    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        upcoming = initial
    }

    /// The next wait; each one after it is twice as long, up to `maximum`.
    public mutating func next() -> Duration {
        defer { upcoming = min(upcoming * 2, maximum) }
        return upcoming
    }

    public mutating func reset() { upcoming = initial }
}

/// A wait a hotplug event cuts short: ``nudge()`` ends the wait under way, or the next
/// one when none is, so an event that arrives between two waits is not lost.
public final class DeviceWakeup: Sendable {
    private struct Waiter {
        var continuation: CheckedContinuation<Void, Never>
        var timer: Task<Void, Never>
    }

    private struct State {
        var pending = false
        var next = 0
        var waiters: [Int: Waiter] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes whoever waits, now or at their next wait.
    public func nudge() {
        let woken: [Waiter] = state.withLock { s in
            if s.waiters.isEmpty { s.pending = true }
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for waiter in woken {
            waiter.timer.cancel()
            waiter.continuation.resume()
        }
    }

    /// Returns after `duration`, at a nudge, or when the task is cancelled.
    public func sleep(for duration: Duration) async {
        let token = state.withLock { s in
            s.next += 1
            return s.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: duration)
                    self?.wake(token)
                }
                let now = state.withLock { s in
                    if s.pending || Task.isCancelled {
                        s.pending = false
                        return true
                    }
                    s.waiters[token] = Waiter(continuation: continuation, timer: timer)
                    return false
                }
                if now {
                    timer.cancel()
                    continuation.resume()
                }
            }
        } onCancel: {
            wake(token)
        }
    }

    private func wake(_ token: Int) {
        guard let waiter = state.withLock({ $0.waiters.removeValue(forKey: token) }) else { return }
        waiter.timer.cancel()
        waiter.continuation.resume()
    }
}

/// The open–read–reopen loop of every driver: a session opens the device and serves it
/// until it fails; a device that would not open is tried again after a backoff, which a
/// hotplug nudge cuts short; one that was open and went away is tried again at once. Ends
/// at cancellation or graceful shutdown.
public struct ReopenLoop: Sendable {
    /// How a session ended.
    public enum Outcome: Sendable, Equatable {
        /// The device did not open (or failed before it served): wait, then try again.
        case notOpened
        /// The device was open and served, then went away: try again at once.
        case lost
    }

    public var backoff: Backoff
    public let wakeup: DeviceWakeup

    public init(backoff: Backoff = Backoff(), wakeup: DeviceWakeup = DeviceWakeup()) {
        self.backoff = backoff
        self.wakeup = wakeup
    }

    public static var isRunning: Bool { !Task.isCancelled && !Task.isShuttingDownGracefully }

    public mutating func run(isolation: isolated (any Actor)? = #isolation, session: () async -> Outcome) async {
        while Self.isRunning {
            switch await session() {
            case .lost:
                backoff.reset()
            case .notOpened:
                await wakeup.pause(for: backoff.next())
            }
        }
    }
}

extension DeviceWakeup {
    /// ``sleep(for:)`` that graceful shutdown also ends: the drivers' waits between polls.
    public func pause(for duration: Duration) async {
        await cancelWhenGracefulShutdown { await self.sleep(for: duration) }
    }
}
