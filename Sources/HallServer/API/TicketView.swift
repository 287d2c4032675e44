import Foundation
import IntakeCore

/// A ticket as kiosks, windows and the status page see it.
struct TicketView: Codable, Sendable {
    var id: String
    var number: String
    var queue: String
    var queueName: String
    var state: TicketState
    var stateName: String
    var item: String?
    var bundle: String?
    var serviceName: String?
    var priority: PriorityReason?
    var window: String?
    var targetWindow: String?
    var recallCount: Int
    var issuedAt: Date
    var serviceDay: String
    var peopleAhead: Int
    var estimatedWaitMinutes: Int
    /// The one-time notice (一次告知) of what to bring, when the ticket names an item or bundle.
    var notice: OneTimeNotice?
    /// The masked card holder of a real-name ticket.
    var holder: TicketHolder?
    /// A real-name ticket's card: valid, expiring or expired (the kiosk asks for a valid
    /// document); given when the ticket is issued only.
    var cardValidity: CardValidity?
    /// The card holder's booking for today, recognised at a real-name ticket.
    var appointment: AppointmentMatch?
    /// How printing the ticket went (kiosk issue and reprints only).
    var print: PrintOutcome?

    init(_ t: Ticket, hall: HallInForce, withNotice: Bool = false) {
        let catalog = hall.catalog
        id = t.id; number = t.number; queue = t.queueID
        queueName = hall.layout.queue(t.queueID)?.name ?? t.queueID
        state = t.state; stateName = t.state.chineseName
        item = t.itemID; bundle = t.bundleID
        serviceName = t.bundleID.flatMap { catalog.bundle($0)?.name } ?? t.itemID.flatMap { catalog.item($0)?.name }
        priority = t.priority; window = t.windowID; targetWindow = t.targetWindowID; recallCount = t.recallCount
        issuedAt = t.issuedAt; serviceDay = t.serviceDay
        peopleAhead = t.peopleAheadAtIssue; estimatedWaitMinutes = t.estimatedWaitMinutes
        holder = t.holder
        if withNotice {
            if let b = t.bundleID.flatMap(catalog.bundle) { notice = catalog.oneTimeNotice(for: b) }
            else if let i = t.itemID.flatMap(catalog.item) { notice = catalog.oneTimeNotice(for: i) }
        }
    }
}
