/// Whether the ID card laid on a reader is still a valid document, and for how long (R4:
/// the applicant's identity is checked on the card the hall reads, and an expired card is
/// no valid document; seed 004 §8.2 asks for a valid ID document). The hall still serves
/// the citizen — the kiosk issues the ticket — but says so: expired, or close to its end.
public struct CardValidity: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable, Hashable {
        case valid, expiring, expired
    }

    public var state: State
    /// The card's last valid day; nil for a long-term (长期) card.
    public var validUntil: CivilDay?
    /// Days from today to the last valid day: 0 on that day, negative once it has passed;
    /// nil for a long-term card.
    public var daysLeft: Int?
    /// A long-term card (长期), which never runs out.
    public var longTerm: Bool

    public init(state: State, validUntil: CivilDay?, daysLeft: Int?, longTerm: Bool) {
        self.state = state; self.validUntil = validUntil; self.daysLeft = daysLeft; self.longTerm = longTerm
    }

    /// A card is flagged as expiring within this many days of its last valid day: renewal of
    /// a resident ID card may be applied for in the three months before it runs out, and a
    /// promised case accepted today (up to 20 working days, about a month) may still need the
    /// card at pickup. Flagging the last 90 days lets the clerk tell the citizen in time.
    public static let expiringWithinDays = 90

    /// The validity of a card valid until `validUntil` (nil: long-term) on the hall's day
    /// `today`: expired after its last day, expiring in its last ``expiringWithinDays``.
    public static func assess(validUntil: CivilDay?, on today: CivilDay) -> CardValidity {
        guard let validUntil else { return CardValidity(state: .valid, validUntil: nil, daysLeft: nil, longTerm: true) }
        let left = validUntil.ordinal - today.ordinal
        let state: State = left < 0 ? .expired : left <= expiringWithinDays ? .expiring : .valid
        return CardValidity(state: state, validUntil: validUntil, daysLeft: left, longTerm: false)
    }
}
