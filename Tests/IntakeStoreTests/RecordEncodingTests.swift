import Foundation
import GRDB
import IntakeCore
import Testing
@testable import IntakeStore

/// Tickets and their events are written column by column for speed (issue 16); the rows
/// must be the ones the Codable path wrote, or rows written before and after would differ.
@Suite("Tickets written column by column")
struct RecordEncodingTests {
    /// A value stored the way GRDB stores any Codable record.
    struct ThroughCodable<Value: Encodable>: EncodableRecord, Encodable {
        let value: Value
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    /// Both encodings as column → value, an absent column read as NULL.
    func columns<Value: EncodableRecord & Encodable>(_ value: Value) throws -> (direct: [String: DatabaseValue], codable: [String: DatabaseValue]) {
        var direct = try value.databaseDictionary, codable = try ThroughCodable(value: value).databaseDictionary
        for key in Set(direct.keys).union(codable.keys) {
            direct[key] = direct[key] ?? .null
            codable[key] = codable[key] ?? .null
        }
        return (direct, codable)
    }

    @Test func aTicketWithEveryFieldAndOneWithNone() throws {
        let full = Ticket(id: "t1", number: "V007", queueID: "green", serviceDay: "2026-11-23", sequence: 7, state: .called,
                          itemID: "item", bundleID: "newborn", priority: .pregnant, weight: 2, issuedAt: nine, windowID: "3",
                          targetWindowID: "3", recallCount: 1, calledAt: nine.addingTimeInterval(61.25), peopleAheadAtIssue: 4,
                          estimatedWaitMinutes: 12, holder: TicketHolder(maskedName: "张**", maskedNumber: "1506**********123X",
                                                                          cardType: "residentCard", age: 76),
                          appointmentCode: "Y12345")
        let bare = Ticket(id: "t2", number: "A001", queueID: "general", serviceDay: "2026-11-23", sequence: 1, issuedAt: nine)
        for ticket in [full, bare] {
            let (direct, codable) = try columns(ticket)
            #expect(direct == codable, "\(ticket.number)")
            #expect(direct.count == 19, "every column of the ticket table is written")
        }
    }

    @Test func eventsWithAndWithoutTheirOptionalFields() throws {
        let call = TicketEvent(ticketID: "t1", kind: .call, from: .waiting, to: .called, at: nine, windowID: "3", queueID: "general",
                               detail: "recall 1", staffID: "clerk3")
        let issue = TicketEvent(ticketID: "t1", kind: .issue, from: nil, to: .waiting, at: nine, windowID: nil, queueID: "general")
        for event in [call, issue] {
            let (direct, codable) = try columns(event)
            #expect(direct == codable, "\(event.kind)")
        }
    }
}
