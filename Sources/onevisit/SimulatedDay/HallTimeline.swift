import Foundation
import IntakeCore

/// The running hall's clock as the simulated day's actors follow it: read once from
/// `GET /api/v1/hall` (its time and speed), then run on here at the same speed, so a
/// citizen due at 10:05 hall time comes at 10:05 however fast the hall's clock goes.
struct HallTimeline: Sendable {
    let hallAtSync: Date
    let realAtSync: ContinuousClock.Instant
    /// Hall seconds per real second.
    let speed: Double
    /// The hall-local midnight of the simulated day.
    let midnight: Date
    let timeZone: TimeZone

    /// Follows the hall's clock from its answer to `GET /api/v1/hall`.
    init(hall: DayViews.Hall) {
        hallAtSync = hall.now; realAtSync = .now; speed = hall.clockSpeed
        timeZone = TimeZone(identifier: hall.timeZone) ?? .current
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        midnight = calendar.startOfDay(for: hall.now)
    }

    /// The hall's calendar, in its time zone.
    let calendar: Calendar

    /// A day as the hall's routes write it (`2026-12-07`), in the hall's time zone.
    func day(of date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    var now: Date { hallAtSync.addingTimeInterval((ContinuousClock.now - realAtSync).seconds * speed) }

    /// Seconds since the hall-local midnight.
    var secondOfDay: Double { now.timeIntervalSince(midnight) }

    /// Waits until `secondOfDay` (hall time); at once when it has passed.
    func wait(untilSecondOfDay target: Double) async throws {
        let left = target - secondOfDay
        if left > 0 { try await Task.sleep(for: .seconds(left / speed)) }
    }

    /// Waits for `seconds` of hall time.
    func wait(hallSeconds seconds: Double) async throws {
        if seconds > 0 { try await Task.sleep(for: .seconds(seconds / speed)) }
    }
}
