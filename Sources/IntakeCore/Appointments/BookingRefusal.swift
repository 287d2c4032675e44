/// Why a booking was refused (R2), one case per API error code.
public enum BookingRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every place of the slot is taken (§8.2.2).
    case slotFull(HallTime)
    /// The ID document already holds an active booking for the item (§8.2.3), on this day.
    case alreadyBooked(day: CivilDay, slot: TimeBand)
    case invalidIDNumber(String)
    /// Too many no-shows: no new bookings before this day.
    case bookingBlocked(until: CivilDay)
    /// Not a slot that can be booked now (closed day or hours, passed, too far ahead).
    case slotClosed(String)

    /// The API's error code.
    public var code: String {
        switch self {
        case .slotFull: "slot_full"
        case .alreadyBooked: "already_booked"
        case .invalidIDNumber: "invalid_id_number"
        case .bookingBlocked: "booking_blocked"
        case .slotClosed: "slot_closed"
        }
    }

    public var description: String {
        switch self {
        case .slotFull(let start): "the slot of \(start) is fully booked; choose another slot"
        case .alreadyBooked(let day, let slot): "this ID document already has a booking for this item on \(day) \(slot); cancel it first"
        case .invalidIDNumber(let why): "the ID number is not valid: \(why)"
        case .bookingBlocked(let until): "too many missed appointments: new bookings are possible again from \(until)"
        case .slotClosed(let why): "this slot cannot be booked: \(why)"
        }
    }
}
