import Foundation
import Synchronization

/// A hall clock a test sets and moves by hand, so durations and days come out exact.
final class ManualClock: Sendable {
    let start: Date
    private let now: Mutex<Date>

    init(_ start: Date) { self.start = start; now = Mutex(start) }

    func read() -> Date { now.withLock { $0 } }
    /// To this many minutes after the start.
    func set(minutes: Double) { now.withLock { $0 = start.addingTimeInterval(minutes * 60) } }
    func advance(days: Int) { now.withLock { $0 += Double(days) * 86_400 } }
    /// To this instant.
    func set(_ date: Date) { now.withLock { $0 = date } }
}

