import Foundation
import IntakeCore
import IntakeStore
import Logging
import ServiceLifecycle

/// The daily erasure of personal fields past their retention (``RetentionPolicy``; issue 17):
/// once at start (a hall switched off at night still erases), then every night at 02:30 hall
/// time, when the hall is closed and the file can be rebuilt (`VACUUM`). It sleeps at
/// most an hour at a time, so a clock step or a long suspend is caught up within the hour.
/// Logs the total only; the archive has the counts by kind.
public struct RetentionService: Service {
    let hall: HallInForce
    let store: RetentionStore
    let policy: RetentionPolicy
    /// 02:30, in minutes of the hall's day.
    static let runMinute = 150

    public init(hall: HallInForce, store: RetentionStore, policy: RetentionPolicy) {
        self.hall = hall; self.store = store; self.policy = policy
    }

    public func run() async throws {
        let started = hall.clock()
        var next = started
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if hall.clock() >= next {
                // At start the hall may be open: no VACUUM then (secure_delete still clears the bytes).
                _ = await runOnce(vacuum: next != started)
                next = nextRun(after: hall.clock())
            }
            let wait = min(3600, max(1, next.timeIntervalSince(hall.clock())))
            do { try await cancelWhenGracefulShutdown { try await hall.sleep(for: .seconds(wait)) } } catch { break }
        }
    }

    /// Erases what is due now; nil when the store failed (logged, tried again the next night).
    @discardableResult
    public func runOnce(vacuum: Bool) async -> RetentionErasure? {
        let calendar = hall.store.calendar
        let cutoffs = policy.cutoffs(today: hall.civilToday)
        do {
            let erased = try await store.erase(cutoffs, calendar: calendar, at: hall.clock(), vacuum: vacuum)
            if erased.total > 0 {
                // The total only: the counts by kind are in the run's archive entries.
                hall.logger.notice("Personal data past its retention erased", metadata: ["records": "\(erased.total)"])
            }
            return erased
        } catch {
            hall.logger.error("Cannot erase personal data past its retention", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The next 02:30 in the hall after `now`.
    func nextRun(after now: Date) -> Date {
        let calendar = hall.store.calendar
        let today = calendar.instant(day: now, minuteOfDay: Self.runMinute)
        return today > now ? today : calendar.instant(day: now.addingTimeInterval(86_400), minuteOfDay: Self.runMinute)
    }
}
