import Foundation
import GRDB
import IntakeCore

// Domain values are stored as they are: their Codable keys are the column names.

// Tickets and their events, the rows every visit writes, are written column by column
// through one cached statement each: the Codable path (an encoder, a container per key, a
// DAO per insert) was a third of a ticket's cost in the one writer under load (issue 16,
// perf under wrk). Read back through Codable as before.

extension Ticket: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "ticket" }

    /// Every column of the table, in the order the insert binds them.
    public enum Columns: String, ColumnExpression, CaseIterable {
        case id, number, queueID, serviceDay, sequence, state, itemID, bundleID, priority, weight, issuedAt
        case windowID, targetWindowID, recallCount, calledAt, peopleAheadAtIssue, estimatedWaitMinutes, holder, appointmentCode
    }

    func value(of column: Columns) throws -> (any DatabaseValueConvertible)? {
        switch column {
        case .id: id
        case .number: number
        case .queueID: queueID
        case .serviceDay: serviceDay
        case .sequence: sequence
        case .state: state.rawValue
        case .itemID: itemID
        case .bundleID: bundleID
        case .priority: priority?.rawValue
        case .weight: weight
        case .issuedAt: StoredDate(issuedAt)
        case .windowID: windowID
        case .targetWindowID: targetWindowID
        case .recallCount: recallCount
        case .calledAt: calledAt.map(StoredDate.init)
        case .peopleAheadAtIssue: peopleAheadAtIssue
        case .estimatedWaitMinutes: estimatedWaitMinutes
        // As GRDB stores a nested Codable value: JSON with sorted keys.
        case .holder: try holder.map { String(decoding: try Self.databaseJSONEncoder(for: "holder").encode($0), as: UTF8.self) }
        case .appointmentCode: appointmentCode
        }
    }

    public func encode(to container: inout PersistenceContainer) throws {
        for column in Columns.allCases { container[column] = try value(of: column) }
    }

    private static let insertSQL = StoredRow.insert(into: "ticket", Columns.allCases.map(\.rawValue))

    /// Inserts the ticket through one statement compiled once per connection.
    func insertRow(_ db: Database) throws {
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: StatementArguments(try Columns.allCases.map(value(of:))))
    }
}

extension TicketEvent: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "ticketEvent" }

    /// Every column but `id` (the table's own), in the order the insert binds them.
    public enum Columns: String, ColumnExpression, CaseIterable {
        case ticketID, kind, from, to, at, windowID, queueID, detail, staffID
    }

    func value(of column: Columns) -> (any DatabaseValueConvertible)? {
        switch column {
        case .ticketID: ticketID
        case .kind: kind.rawValue
        case .from: from?.rawValue
        case .to: to.rawValue
        case .at: StoredDate(at)
        case .windowID: windowID
        case .queueID: queueID
        case .detail: detail
        case .staffID: staffID
        }
    }

    public func encode(to container: inout PersistenceContainer) throws {
        for column in Columns.allCases { container[column] = value(of: column) }
    }

    private static let insertSQL = StoredRow.insert(into: "ticketEvent", Columns.allCases.map(\.rawValue))

    func insertRow(_ db: Database) throws {
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: StatementArguments(Columns.allCases.map(value(of:))))
    }
}

/// The INSERT of a row written column by column.
enum StoredRow {
    static func insert(into table: String, _ columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
    }
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
