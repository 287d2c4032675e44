#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One booking (预约, R2; seed 004 §8.2): a person's place in a slot of an item or bundle.
/// Stored with the full ID number, which check-in by card matches; answers and logs carry
/// only the masked forms.
public struct Booking: Codable, Sendable, Hashable, Identifiable {
    public var code: String
    /// The offer: the item or bundle id.
    public var offerID: String
    public var day: CivilDay
    public var slot: TimeBand
    public var state: BookingState
    public var idNumber: String
    /// `residentCard`, `residencePermit`, … (the IDCard module's card types).
    public var cardType: String
    public var name: String
    public var phone: String
    public var bookedAt: Date
    /// Set when checked in, cancelled or marked a no-show.
    public var changedAt: Date?
    /// The ticket check-in gave.
    public var ticketID: String?

    public var id: String { code }

    public init(code: String, offerID: String, day: CivilDay, slot: TimeBand, state: BookingState = .booked, idNumber: String,
                cardType: String, name: String, phone: String, bookedAt: Date, changedAt: Date? = nil, ticketID: String? = nil) {
        self.code = code; self.offerID = offerID; self.day = day; self.slot = slot; self.state = state
        self.idNumber = idNumber; self.cardType = cardType; self.name = name; self.phone = phone
        self.bookedAt = bookedAt; self.changedAt = changedAt; self.ticketID = ticketID
    }

    public var start: HallTime { HallTime(day: day, minute: slot.start) }
    public var end: HallTime { HallTime(day: day, minute: slot.end) }

    public var applicant: Applicant { Applicant(name: name, idNumber: idNumber, phone: phone) }

    /// Whether `id4` is the last four characters of the ID number (what cancel and lookup ask).
    public func matches(id4: String) -> Bool { id4.count == 4 && idNumber.uppercased().hasSuffix(id4.uppercased()) }
}

/// States of a booking. Only `booked` is active: it holds its place in the slot and the
/// ID document's one booking of the item (§8.2.3).
public enum BookingState: String, Codable, Sendable, CaseIterable {
    case booked, checkedIn, cancelled, noShow

    public var isActive: Bool { self == .booked }

    public var chineseName: String {
        switch self {
        case .booked: "已预约"
        case .checkedIn: "已签到"
        case .cancelled: "已取消"
        case .noShow: "未到"
        }
    }
}
