import IDCard

/// Where a kiosk asks whether a card holder has booked this visit (R2; seed 004 §8.2): the
/// hook the appointments work fills in. The hall works without one; offline service never
/// requires a booking (seed 000 §8.2).
public protocol AppointmentBook: Sendable {
    /// The holder's booking for today, if any.
    func appointment(for holder: Identity, on day: CardDate) async -> AppointmentMatch?
}

/// A booking found for a card holder at the kiosk.
public struct AppointmentMatch: Sendable, Codable, Equatable {
    public var id: String
    /// `09:00-09:30`.
    public var slot: String
    public var item: String?

    public init(id: String, slot: String, item: String? = nil) {
        self.id = id; self.slot = slot; self.item = item
    }
}

/// No appointments kept in this hall (yet).
public struct NoAppointments: AppointmentBook {
    public init() {}
    public func appointment(for holder: Identity, on day: CardDate) async -> AppointmentMatch? { nil }
}
