/// What checking in at the kiosk gives (R2; the early and late limits of Qmatic's blend of
/// appointments and walk-ins).
public enum CheckInDecision: Sendable, Hashable {
    /// Within the limits: a ticket that ranks ahead of the queue's walk-ins (``CallOrder``).
    case appointmentTicket
    /// After the late limit: a normal ticket, and the kiosk says so.
    case walkInTicket
    /// Before the early limit: refused, come back from this time.
    case tooEarly(from: HallTime)
    /// The booking is for another day.
    case otherDay(CivilDay)
    /// Cancelled, already checked in or a no-show.
    case notActive(BookingState)
}

/// The pure rules of bookings: check-in limits, no-shows and the block they bring.
public enum AppointmentRules {
    public static func checkIn(_ booking: Booking, at now: HallTime, settings: AppointmentSettings) -> CheckInDecision {
        guard booking.state.isActive else { return .notActive(booking.state) }
        guard booking.day == now.day else { return .otherDay(booking.day) }
        let opens = booking.start.adding(minutes: -settings.earlyMinutes)
        if now < opens { return .tooEarly(from: opens) }
        return now <= booking.start.adding(minutes: settings.lateMinutes) ? .appointmentTicket : .walkInTicket
    }

    /// Whether the booking may still be cancelled at `now`: before its slot or during it
    /// (seed 004 §8.2.5), never after, so a missed appointment cannot be undone into a cancel.
    public static func mayCancel(_ booking: Booking, at now: HallTime) -> Bool {
        now < booking.end
    }

    /// Whether an active booking has become a no-show at `now`: its slot ended more than the
    /// grace period ago without a check-in.
    public static func isNoShow(_ booking: Booking, at now: HallTime, settings: AppointmentSettings) -> Bool {
        booking.state.isActive && now >= noShowAt(booking, settings: settings)
    }

    /// The moment an unattended booking turns into a no-show.
    public static func noShowAt(_ booking: Booking, settings: AppointmentSettings) -> HallTime {
        booking.end.adding(minutes: settings.noShowGraceMinutes)
    }

    /// The first day an ID document may book again after its no-shows (the days of their
    /// slots), or nil when it may book today: `noShowLimit` no-shows within the last
    /// `noShowPeriodDays` block bookings for `blockDays` after the latest of them.
    public static func blockedUntil(noShowDays: [CivilDay], today: CivilDay, settings: AppointmentSettings) -> CivilDay? {
        let recent = noShowDays.filter { $0 <= today && $0.ordinal > today.ordinal - settings.noShowPeriodDays }
        guard recent.count >= settings.noShowLimit, let latest = recent.max() else { return nil }
        let until = latest.adding(days: settings.blockDays + 1)
        return until > today ? until : nil
    }

    /// Refuses a booking while the ID document is blocked.
    public static func checkNotBlocked(noShowDays: [CivilDay], today: CivilDay, settings: AppointmentSettings) throws(BookingRefusal) {
        if let until = blockedUntil(noShowDays: noShowDays, today: today, settings: settings) { throw .bookingBlocked(until: until) }
    }
}
