import Foundation
import GRDB
import IntakeCore

// Domain values are stored as they are: their Codable keys are the column names.

extension Ticket: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "ticket" }
}

extension TicketEvent: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "ticketEvent" }
}

/// A staff member signed in at a window.
struct WindowSession: Codable, FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "windowSession" }
    var windowID: String
    var staffID: String
    var staffName: String
    var signedInAt: Date
}

struct TicketCounter: Codable, FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "ticketCounter" }
    var queueID: String
    var serviceDay: String
    var lastSequence: Int
}
