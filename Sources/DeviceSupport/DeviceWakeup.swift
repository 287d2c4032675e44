import ServiceLifecycle
import Synchronization

/// A wait a hotplug event cuts short: ``nudge()`` ends the wait under way, or the next
/// one when none is, so an event that arrives between two waits is not lost.
public final class DeviceWakeup: Sendable {
    private struct Waiter {
        var continuation: CheckedContinuation<Void, Never>
        var timer: Task<Void, Never>?
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
            waiter.timer?.cancel()
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
                let now = state.withLock { s in
                    if s.pending || Task.isCancelled {
                        s.pending = false
                        return true
                    }
                    s.waiters[token] = Waiter(continuation: continuation, timer: nil)
                    return false
                }
                if now { return continuation.resume() }
                // Started once the waiter is in place, so even a zero wait cannot end unseen.
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: duration)
                    self?.wake(token)
                }
                let waiting = state.withLock { s in
                    s.waiters[token]?.timer = timer
                    return s.waiters[token] != nil
                }
                if !waiting { timer.cancel() }
            }
        } onCancel: {
            wake(token)
        }
    }

    private func wake(_ token: Int) {
        guard let waiter = state.withLock({ $0.waiters.removeValue(forKey: token) }) else { return }
        waiter.timer?.cancel()
        waiter.continuation.resume()
    }
}

extension DeviceWakeup {
    /// ``sleep(for:)`` that graceful shutdown also ends: the drivers' waits between polls.
    public func pause(for duration: Duration) async {
        await cancelWhenGracefulShutdown { await self.sleep(for: duration) }
    }
}
