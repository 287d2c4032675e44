/// When a failed notification is tried again (seed 004 §8.2.4 reminders, issue 14: "retried
/// with backoff from a durable outbox"): the delay doubles from `base` with each failed
/// attempt up to `cap`, and is spread by jitter so that the messages held up by one outage
/// do not all hit the gateway in the same second when it comes back.
public struct RetryBackoff: Sendable, Equatable {
    /// The delay after the first failure, in seconds.
    public var base: Double
    /// The longest delay, in seconds.
    public var cap: Double
    /// The share of the delay that jitter may take off (0.2: between 80 % and 100 % of it).
    public var jitter: Double

    public init(base: Double = 5, cap: Double = 600, jitter: Double = 0.2) {
        self.base = base; self.cap = max(cap, base); self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before the next attempt after `failures` failed ones (1 for the first),
    /// given `random` in 0..<1.
    public func delay(afterFailures failures: Int, random: Double) -> Double {
        var full = base
        for _ in 1..<max(failures, 1) where full < cap { full *= 2 }
        full = min(full, cap)
        return full * (1 - jitter * min(max(random, 0), 1))
    }
}
