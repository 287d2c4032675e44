import Foundation
import GRDB
import IntakeCore

/// Complaints (seed 004 §10) in the hall database: filing takes the day's next number and
/// stores the complaint in one write transaction; each supervisor step is decided by the
/// core (``ComplaintTransitions``) on the row read in the same transaction, so two steps
/// racing never both apply. The complainant's name and phone are kept for the supervisor
/// and never logged.
public struct ComplaintStore: Sendable {
    public let writer: any DatabaseWriter

    public init(writer: any DatabaseWriter) { self.writer = writer }

    /// Files a complaint checked by the core (``ComplaintFiling``) with the next number of `day`.
    public func file(_ filing: ComplaintFiling, day: CivilDay, at now: Date, by: String, staff: StaffMember?,
                     policy: ComplaintPolicy, calendar: WorkingCalendar, ratingCode: String? = nil) async throws(ComplaintStoreError) -> Complaint {
        try await run { db in
            let last = try Int.fetchOne(db, sql: "SELECT last FROM complaintCounter WHERE day = ?", arguments: [day.description]) ?? 0
            try db.execute(sql: "INSERT INTO complaintCounter (day, last) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET last = excluded.last",
                           arguments: [day.description, last + 1])
            let complaint = filing.received(number: ComplaintNumber.make(day: day, sequence: last + 1), on: day, at: now, by: by,
                                            staff: staff, policy: policy, calendar: calendar, ratingCode: ratingCode)
            try ComplaintRecord(complaint).insert(db)
            return complaint
        }
    }

    /// A supervisor's step, decided by the core on the stored complaint.
    public func act(number: String, _ action: ComplaintAction, at now: Date, by staff: SignedInStaff) async throws(ComplaintStoreError) -> Complaint {
        try await run { db in
            guard let stored = try ComplaintRecord.fetchOne(db, key: number)?.complaint() else { throw ComplaintStoreError.notFound(number) }
            let changed = try ComplaintTransitions.apply(action, to: stored, at: now, by: staff)
            try ComplaintRecord(changed).update(db)
            return changed
        }
    }

    /// The complainant's rating of the result, decided by the core on the stored complaint.
    public func rate(number: String, satisfied: Bool, code: String, at now: Date) async throws(ComplaintStoreError) -> Complaint {
        try await run { db in
            guard let stored = try ComplaintRecord.fetchOne(db, key: number)?.complaint() else { throw ComplaintStoreError.notFound(number) }
            let rated = try ComplaintTransitions.rate(stored, satisfied: satisfied, code: code, at: now)
            try ComplaintRecord(rated).update(db)
            return rated
        }
    }

    public func find(number: String) async throws(ComplaintStoreError) -> Complaint? {
        try await read { db in try ComplaintRecord.fetchOne(db, key: number)?.complaint() }
    }

    /// Complaints received on the days given (all when nil), in a state or all, newest first.
    public func list(state: ComplaintState? = nil, from first: CivilDay? = nil, through last: CivilDay? = nil,
                     limit: Int = 500) async throws(ComplaintStoreError) -> [Complaint] {
        try await read { db in
            var request = ComplaintRecord.all()
            if let state { request = request.filter(ComplaintRecord.Columns.state == state.rawValue) }
            if let first { request = request.filter(ComplaintRecord.Columns.receivedOn >= first.description) }
            if let last { request = request.filter(ComplaintRecord.Columns.receivedOn <= last.description) }
            return try request.order(ComplaintRecord.Columns.receivedOn.desc, ComplaintRecord.Columns.number.desc).limit(limit)
                .fetchAll(db).map { try $0.complaint() }
        }
    }

    /// Complaints about a window or a staff member (§12.3.6), for their figures.
    public func about(windowID: String? = nil, staffID: String? = nil) async throws(ComplaintStoreError) -> [Complaint] {
        try await read { db in
            var request = ComplaintRecord.all()
            if let windowID { request = request.filter(ComplaintRecord.Columns.windowID == windowID) }
            if let staffID { request = request.filter(ComplaintRecord.Columns.staffID == staffID) }
            return try request.order(ComplaintRecord.Columns.number).fetchAll(db).map { try $0.complaint() }
        }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(ComplaintStoreError) -> T {
        do { return try await writer.write(body) } catch { throw ComplaintStoreError(error) }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(ComplaintStoreError) -> T {
        do { return try await writer.read(body) } catch { throw ComplaintStoreError(error) }
    }
}

/// Why a complaint operation was not done.
public enum ComplaintStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case refused(ComplaintError)
    case storage(String)

    init(_ error: any Error) {
        switch error {
        case let e as ComplaintStoreError: self = e
        case let e as ComplaintError: self = .refused(e)
        default: self = .storage(String(describing: error))
        }
    }

    public var description: String {
        switch self {
        case .notFound(let number): "no complaint \(number)"
        case .refused(let e): e.description
        case .storage(let m): "the hall database could not do this: \(m)"
        }
    }
}

extension ComplaintStore {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11: complaints") { db in
            try db.create(table: "complaint") { t in
                t.primaryKey("number", .text).check { $0.like("TS%") }
                t.column("channel", .text).notNull().check(sql: "channel IN ('kiosk', 'window', 'phone', 'letter', 'online')")
                t.column("type", .text).notNull()
                    .check(sql: "type IN ('attitude', 'efficiency', 'extraRequirements', 'fees', 'misconduct', 'other')")
                t.column("unit", .text)
                t.column("windowID", .text)
                t.column("staffID", .text)
                t.column("staffName", .text)
                t.column("content", .text).notNull().check { length($0) > 0 }
                t.column("demand", .text).notNull().check { length($0) > 0 }
                t.column("complainantName", .text)
                t.column("complainantPhone", .text)
                t.column("state", .text).notNull().check(sql: "state IN ('received', 'investigating', 'answered', 'closed')")
                t.column("receivedOn", .text).notNull()
                t.column("answerDue", .text).notNull()
                t.column("receivedAt", .datetime).notNull()
                t.column("receivedBy", .text).notNull()
                t.column("investigatingAt", .datetime)
                t.column("investigatingBy", .text)
                t.column("answeredAt", .datetime)
                t.column("answeredBy", .text)
                t.column("result", .text)
                t.column("measures", .text)
                t.column("upheld", .boolean)
                t.column("closedAt", .datetime)
                t.column("closedBy", .text)
                t.column("publishedAt", .datetime)
                t.column("publishedBy", .text)
                // §10.2 b): a complaint is about a unit or a window.
                t.check(sql: "unit IS NOT NULL OR windowID IS NOT NULL")
                t.check(sql: "answerDue >= receivedOn")
                // Each state past `received` has its step, who and when, and an answer has both parts.
                t.check(sql: "state = 'received' OR (investigatingAt IS NOT NULL AND investigatingBy IS NOT NULL)")
                t.check(sql: """
                    state IN ('received', 'investigating') OR (answeredAt IS NOT NULL AND answeredBy IS NOT NULL
                    AND length(result) > 0 AND length(measures) > 0 AND upheld IS NOT NULL)
                    """)
                t.check(sql: "state <> 'closed' OR (closedAt IS NOT NULL AND closedBy IS NOT NULL)")
                // Only the measures of an answered complaint are published (§10.4).
                t.check(sql: "publishedAt IS NULL OR (state IN ('answered', 'closed') AND publishedBy IS NOT NULL)")
            }
            // The supervisor's lists by state and day, and a window's or person's complaints,
            // without reading the whole history.
            try db.create(index: "complaint_state_day", on: "complaint", columns: ["state", "receivedOn"])
            try db.create(index: "complaint_day", on: "complaint", columns: ["receivedOn"])
            try db.create(index: "complaint_window", on: "complaint", columns: ["windowID"])
            try db.create(index: "complaint_staff", on: "complaint", columns: ["staffID"])
            try db.create(table: "complaintCounter") { t in
                t.primaryKey("day", .text)
                t.column("last", .integer).notNull().check { $0 > 0 }
            }
        }
    }

    /// The complainant's rating of the result (§12.3.6a): only of an answered complaint, with its
    /// time, and the code the complainant is given to make it.
    static func migrateRatings(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v16: complaint ratings") { db in
            try db.alter(table: "complaint") { t in
                // Given to the complainant at filing; complaints filed before have none and are not rated.
                t.add(column: "ratingCode", .text).check(sql: "ratingCode IS NULL OR ratingCode GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'")
                t.add(column: "ratedAt", .datetime)
                t.add(column: "ratedSatisfied", .boolean)
                    .check(sql: "ratedSatisfied IS NULL OR (state IN ('answered', 'closed') AND ratedAt IS NOT NULL)")
            }
        }
    }
}
