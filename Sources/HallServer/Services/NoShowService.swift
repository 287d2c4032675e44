import Foundation
import IntakeCore
import IntakeStore
import Logging
import ServiceLifecycle

/// Marks bookings no-shows on the daemon's own clock (R2; issue 14: "with no one pressing
/// anything"): a booking not checked in by its slot's end plus the grace period becomes a
/// no-show, and enough of them block the holder's new bookings (``AppointmentRules``, checked
/// by the store at booking).
///
/// It sleeps until the earliest active booking's slot end plus the grace, read from the
/// store, but never longer than `longestSleep`: a booking made meanwhile, a new layout's
/// grace or a clock step is then seen within that bound, without polling every second.
public struct NoShowService: Service {
    let bookings: AppointmentService
    let logger: Logger
    let longestSleep: Duration

    /// - Parameter longestSleep: the bound on one sleep (tests on a hand-moved clock give a short one).
    public init(bookings: AppointmentService, logger: Logger, longestSleep: Duration = .seconds(60)) {
        self.bookings = bookings; self.logger = logger; self.longestSleep = longestSleep
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let delay = await markDue()
            do {
                try await cancelWhenGracefulShutdown { try await bookings.hall.sleep(for: delay) }
            } catch {
                break  // shutdown or cancellation
            }
        }
        logger.debug("No-show service stopped")
    }

    /// Marks what is due now; how long to sleep before the next look.
    func markDue() async -> Duration {
        let settings = bookings.settings
        let store = bookings.store
        do {
            let marked = try await store.markNoShows(before: bookings.now, settings: settings, at: bookings.hall.clock())
            // A count only: the bookings carry names and ID numbers.
            if !marked.isEmpty { logger.info("Appointments marked no-show", metadata: ["count": "\(marked.count)"]) }
            guard let end = try await store.earliestActiveSlotEnd() else { return longestSleep }
            let due = bookings.instant(of: end.adding(minutes: settings.noShowGraceMinutes))
            let seconds = due.timeIntervalSince(bookings.hall.clock())
            // A second past the minute, so the look after the sleep finds it due.
            return min(longestSleep, .seconds(max(0, seconds) + 1))
        } catch {
            logger.error("Cannot mark appointment no-shows", metadata: ["error": "\(error)"])
            return longestSleep
        }
    }
}
