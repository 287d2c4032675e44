import Foundation
import GRDB
import IntakeCore

/// Reads what a supervision report is computed from (``SupervisionRecords``; seed 004 §12.3)
/// in one read transaction, so the figures come from one consistent state. Every query reads
/// its period by an index: a month's report reads that month's tickets and reviews, and of
/// the cases those touched since the period began or still under way, never the years.
public struct SupervisionStore: Sendable {
    public let writer: any DatabaseWriter

    public init(writer: any DatabaseWriter) { self.writer = writer }

    public func records(_ period: ReportPeriod, calendar: HallCalendar) async throws -> SupervisionRecords {
        let start = calendar.start(of: period.first), end = calendar.start(of: period.last.adding(days: 1))
        let first = period.first.description, last = period.last.description
        let underWay = CaseState.allCases.filter { !$0.isFinal }.map(\.rawValue)
        return try await writer.read { db in
            let tickets = try Ticket.filter(sql: "serviceDay BETWEEN ? AND ?", arguments: [first, last]).fetchAll(db)
            let ticketEvents = try TicketEvent.filter(sql: "ticketID IN (SELECT id FROM ticket WHERE serviceDay BETWEEN ? AND ?)",
                                                      arguments: [first, last]).order(Column("at")).fetchAll(db)
            // Touched since the period began (finished, handed out or late in it), or still under way.
            let touched = try String.fetchAll(db, sql: "SELECT DISTINCT caseID FROM caseEvent WHERE \"at\" >= ?", arguments: [start])
            let open = try String.fetchAll(db, ServiceCase.select(Column("id")).filter(underWay.contains(Column("state"))))
            let ids = Array(Set(touched + open)).sorted()
            var cases: [ServiceCase] = [], caseEvents: [CaseEvent] = []
            // SQLite's limit on bound values per statement is 32,766; stay far below it.
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                cases += try ServiceCase.filter(keys: chunk).fetchAll(db)
                caseEvents += try CaseEvent.filter(chunk.contains(Column("caseID"))).fetchAll(db)
            }
            let reviews = try Review.filter(Column("at") >= start && Column("at") < end).order(Column("at"), Column("id")).fetchAll(db)
            let tasks = try RectificationTask.filter(sql: "reviewID IN (SELECT id FROM review WHERE \"at\" >= ? AND \"at\" < ?)",
                                                     arguments: [start, end]).fetchAll(db)
            let complaints = try ComplaintRecord.filter(ComplaintRecord.Columns.receivedOn >= first && ComplaintRecord.Columns.receivedOn <= last)
                .fetchAll(db).map { try $0.complaint() }
            // From the newest back: a report of the current period reads one row.
            let head = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM archiveEntry WHERE \"at\" < ? ORDER BY sequence DESC LIMIT 1",
                                        arguments: [end]).map { ArchiveHead(sequence: $0["sequence"], hash: $0["hash"]) }
            return SupervisionRecords(tickets: tickets, ticketEvents: ticketEvents, cases: cases.sorted { $0.number < $1.number },
                                      caseEvents: caseEvents, reviews: reviews, tasks: tasks, complaints: complaints, archiveHead: head)
        }
    }

    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13: staff on ticket events, case events by time") { db in
            // A staff member's tickets are the ones served while they were signed in.
            try db.alter(table: "ticketEvent") { t in t.add(column: "staffID", .text) }
            // A report reads the cases touched since its period began.
            try db.create(index: "caseEvent_at", on: "caseEvent", columns: ["at", "caseID"])
        }
    }
}
