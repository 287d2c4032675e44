#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One citizen's review of one service or case, with everything a supervisor groups by
/// (the evaluation record of domain.md §2.3: case, item, department, window, staff,
/// channel, level, time, reasons). Names of citizens never enter it.
public struct Review: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var ticketID: String?
    public var ticketNumber: String?
    public var caseNumber: String?
    public var itemCode: String?
    public var itemName: String
    public var department: String
    public var windowID: String?
    public var staffID: String?
    public var staffName: String?
    public var channel: ReviewChannel
    public var level: ReviewLevel
    public var at: Date
    /// The reasons chosen after a bad review (from the hall's list).
    public var reasons: [String]
    /// Given by a known person (a real-name ticket or a logged-in online user): a bad
    /// review then needs a call-back before its task can close.
    public var realName: Bool

    public init(id: String, ticketID: String? = nil, ticketNumber: String? = nil, caseNumber: String? = nil,
                itemCode: String? = nil, itemName: String, department: String, windowID: String? = nil,
                staffID: String? = nil, staffName: String? = nil, channel: ReviewChannel, level: ReviewLevel,
                at: Date, reasons: [String] = [], realName: Bool = false) {
        self.id = id; self.ticketID = ticketID; self.ticketNumber = ticketNumber; self.caseNumber = caseNumber
        self.itemCode = itemCode; self.itemName = itemName; self.department = department; self.windowID = windowID
        self.staffID = staffID; self.staffName = staffName; self.channel = channel; self.level = level; self.at = at
        self.reasons = reasons; self.realName = realName
    }
}

/// What was served, as a review records it: filled from the ticket and the catalog when a
/// window finishes a service.
public struct ReviewSubject: Codable, Sendable, Hashable {
    public var ticketID: String?
    public var ticketNumber: String?
    public var caseNumber: String?
    public var itemCode: String?
    public var itemName: String
    public var department: String
    public var windowID: String?
    public var staffID: String?
    public var staffName: String?
    public var realName: Bool
    /// Who will rate, masked, for the 好差评 platform's report; nil when unknown.
    public var rater: ReviewRater?

    public init(ticketID: String? = nil, ticketNumber: String? = nil, caseNumber: String? = nil, itemCode: String? = nil,
                itemName: String, department: String, windowID: String? = nil, staffID: String? = nil,
                staffName: String? = nil, realName: Bool = false, rater: ReviewRater? = nil) {
        self.ticketID = ticketID; self.ticketNumber = ticketNumber; self.caseNumber = caseNumber; self.itemCode = itemCode
        self.itemName = itemName; self.department = department; self.windowID = windowID; self.staffID = staffID
        self.staffName = staffName; self.realName = realName; self.rater = rater
    }

    /// What a ticket was taken for: its item, or its bundle led by the bundle's lead
    /// department, or the queue (served by the hall itself) when the ticket named neither.
    public static func of(_ ticket: Ticket, catalog: Catalog, queueName: String?, hallName: String) -> ReviewSubject {
        var subject = ReviewSubject(ticketID: ticket.id, ticketNumber: ticket.number, itemName: queueName ?? ticket.queueID,
                                    department: hallName, windowID: ticket.windowID, realName: ticket.holder != nil,
                                    rater: ticket.holder.map(ReviewRater.init(holder:)))
        if let id = ticket.itemID, let item = catalog.item(id) {
            subject.itemCode = item.basicCode
            subject.itemName = item.name
            subject.department = item.department
        } else if let id = ticket.bundleID, let bundle = catalog.bundle(id) {
            subject.itemCode = bundle.id
            subject.itemName = bundle.name
            subject.department = bundle.leadDepartment
        }
        return subject
    }

    public func review(id: String, channel: ReviewChannel, level: ReviewLevel, at: Date) -> Review {
        Review(id: id, ticketID: ticketID, ticketNumber: ticketNumber, caseNumber: caseNumber, itemCode: itemCode,
               itemName: itemName, department: department, windowID: windowID, staffID: staffID, staffName: staffName,
               channel: channel, level: level, at: at, realName: realName)
    }
}
