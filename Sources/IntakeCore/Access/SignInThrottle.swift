import Foundation

/// Slows down and then locks an account after repeated wrong passwords, so a password
/// cannot be guessed at the speed of the network (R8 information security).
public struct SignInThrottle: Sendable, Equatable {
    /// Consecutive failures that lock the account.
    public var lockAfter: Int
    public var lockFor: Duration
    /// The first failure's delay; each further one doubles it, up to `maxDelay`.
    public var firstDelay: Duration
    public var maxDelay: Duration

    public init(lockAfter: Int = 5, lockFor: Duration = .seconds(15 * 60), firstDelay: Duration = .milliseconds(250),
                maxDelay: Duration = .seconds(4)) {
        self.lockAfter = lockAfter; self.lockFor = lockFor; self.firstDelay = firstDelay; self.maxDelay = maxDelay
    }

    /// How long to hold the answer to the `failures`-th consecutive failure.
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var d = firstDelay
        for _ in 1..<min(failures, 16) { d = d * 2; if d >= maxDelay { return maxDelay } }
        return min(d, maxDelay)
    }

    /// The time until which the account is locked after this many consecutive failures.
    public func lockedUntil(afterFailures failures: Int, at now: Date) -> Date? {
        failures >= lockAfter ? now.addingTimeInterval(lockFor.seconds) : nil
    }
}

/// When a session ends by itself: after an idle time, and at a maximum age however busy.
public struct SessionPolicy: Sendable, Equatable {
    public var idle: Duration
    public var maxAge: Duration

    public init(idle: Duration = .seconds(2 * 3600), maxAge: Duration = .seconds(12 * 3600)) {
        self.idle = idle; self.maxAge = maxAge
    }

    /// When a session created at `created` and last used at `lastSeen` expires.
    public func expiry(created: Date, lastSeen: Date) -> Date {
        min(lastSeen.addingTimeInterval(idle.seconds), created.addingTimeInterval(maxAge.seconds))
    }

    public func isLive(created: Date, lastSeen: Date, at now: Date) -> Bool { now < expiry(created: created, lastSeen: lastSeen) }

    /// A use is written back at most once a minute: idle times of hours need no finer clock,
    /// and a request then costs a read, not a write.
    public func shouldRecordUse(lastSeen: Date, at now: Date) -> Bool { now.timeIntervalSince(lastSeen) >= 60 }
}

extension Duration {
    /// The duration in seconds, as `Date` arithmetic wants it.
    public var seconds: TimeInterval {
        let c = components
        return TimeInterval(c.seconds) + TimeInterval(c.attoseconds) / 1e18
    }
}
