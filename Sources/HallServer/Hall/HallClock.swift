import Foundation
import IntakeCore
import Synchronization

/// The clock the hall runs on. A real hall runs on the machine's. For demos, training and
/// the supervision figures of a whole day (issue 15, "a simulated hall day"), a simulated
/// hall runs on one that starts at a chosen instant and goes `speed` times as fast.
/// Everything timed by the hall follows it: deadlines, no-shows, reminders, keypad
/// time-outs, the day's numbering, retention, and the waits of the services that sleep
/// until something falls due.
public struct HallClock: Sendable {
    /// The hall's time now.
    public let now: @Sendable () -> Date
    /// Hall seconds per real second; 1 on the machine's clock.
    public let speed: Double

    public init(now: @escaping @Sendable () -> Date, speed: Double = 1) {
        self.now = now; self.speed = speed
    }

    public static let machine = HallClock(now: { Date() })

    /// Stands at `start` until ``SimulatedClockStart/release()`` (the daemon calls it once it
    /// listens, so a slow start does not eat into the hall's morning), then runs `speed` times
    /// as fast as the machine's monotonic clock, so a step of the wall clock does not move it.
    public static func simulated(start: Date, speed: Double) -> (clock: HallClock, start: SimulatedClockStart) {
        let origin = SimulatedClockStart()
        let clock = HallClock(now: {
            guard let from = origin.releasedAt else { return start }
            return start.addingTimeInterval((ContinuousClock.now - from).seconds * speed)
        }, speed: speed)
        return (clock, origin)
    }

    /// The real time in which `hallTime` passes on this clock.
    public func realDuration(of hallTime: Duration) -> Duration { hallTime / speed }

    /// Waits until `hallTime` has passed on this clock.
    public func sleep(for hallTime: Duration) async throws {
        try await Task.sleep(for: realDuration(of: hallTime))
    }
}

/// The moment a simulated hall's clock starts to run.
public final class SimulatedClockStart: Sendable {
    private let instant = Mutex<ContinuousClock.Instant?>(nil)

    var releasedAt: ContinuousClock.Instant? { instant.withLock { $0 } }

    /// Lets the clock run from now; later calls change nothing.
    public func release() {
        instant.withLock { if $0 == nil { $0 = .now } }
    }
}
