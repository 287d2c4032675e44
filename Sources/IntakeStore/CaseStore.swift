import Foundation
import GRDB
import IntakeCore

extension ServiceCase: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "serviceCase" }
}

extension CaseEvent: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "caseEvent" }
}

extension CaseDocument: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "caseDocument" }
}

/// Cases, their events and their documents. Opening a case and every action on it is one
/// write transaction with its event and the documents it issues: a decision answered is on
/// disk (WAL, synchronous=FULL), also across a kill -9.
public struct CaseStore: Sendable {
    public let writer: any DatabaseWriter
    private let makeID: @Sendable () -> String

    public init(writer: any DatabaseWriter, makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.writer = writer
        self.makeID = makeID
    }

    /// Opens a case with the next number of the day.
    public func open(_ request: CaseRequest, at now: Date, day: CivilDay, catalog: Catalog, by: String) async throws(CaseStoreError) -> ServiceCase {
        let id = makeID()
        // Checked before the transaction so a bad request never takes a number.
        do { _ = try ServiceCase.open(request, id: id, number: "", at: now, catalog: catalog) } catch { throw .opening(error) }
        return try await run { db in
            let key = day.description
            let last = try Int.fetchOne(db, sql: "SELECT last FROM caseCounter WHERE day = ?", arguments: [key]) ?? 0
            try db.execute(sql: "INSERT INTO caseCounter (day, last) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET last = excluded.last",
                           arguments: [key, last + 1])
            var c = try ServiceCase.open(request, id: id, number: CaseNumber.make(day: day, sequence: last + 1), at: now, catalog: catalog)
            // Shared data first: what the applicant's latest case already says fills the form.
            let earlier = try c.applicant.flatMap { a in
                guard request.prefillsFromEarlierCases else { return nil as ServiceCase? }
                return try ServiceCase.filter(sql: "json_extract(applicant, '$.idNumber') = ?", arguments: [a.idNumber])
                    .order(Column("openedAt").desc).fetchOne(db)
            }
            c.prefillForm(earlier: earlier)
            try c.insert(db)
            try CaseEvent(caseID: id, action: "open", from: nil, to: c.state, by: by, at: now,
                          detail: [c.bundleID ?? c.itemID, c.ticketNumber.map { "ticket \($0)" }].compactMap { $0 }.joined(separator: ", "))
                .insert(db)
            try Archive.append(db, kind: "case.open", subject: c.number, facts: ["for": c.bundleID ?? c.itemID ?? "", "by": by,
                                                                                  "window": c.windowID ?? "", "ticket": c.ticketNumber ?? ""], at: now)
            return c
        }
    }

    /// Applies an action; stores the case, its event and the documents it issues together.
    public func act(number: String, _ action: CaseAction, context: CaseTransitions.Context,
                    yellowDays: Int = 2) async throws(CaseStoreError) -> (ServiceCase, [CaseDocument]) {
        let makeID = self.makeID
        return try await run { db in
            guard let c = try ServiceCase.filter(Column("number") == number).fetchOne(db) else { throw CaseStoreError.notFound(number) }
            var context = context
            context.payments = try FeePayment.filter(FeePayment.Columns.caseID == c.id).fetchAll(db)
            let (changed, detail): (ServiceCase, String?)
            do { (changed, detail) = try CaseTransitions.apply(action, to: c, context) } catch let error as CaseError { throw CaseStoreError.refused(error) }
            try changed.update(db)
            try CaseEvent(caseID: c.id, action: action.name, from: c.state, to: changed.state, by: context.by, at: context.now, detail: detail).insert(db)
            let deadline = CaseDeadline.of(changed, today: context.today, calendar: context.calendar, yellowDays: yellowDays)
            let documents = CaseDocuments.issued(by: action, case: changed, deadline: deadline, today: context.today, id: makeID, at: context.now)
            for d in documents { try d.insert(db) }
            // Every change of an application is archived; the detail names, never personal values.
            try Archive.append(db, kind: "case." + action.name, subject: c.number, facts: [
                "from": c.state.rawValue, "to": changed.state.rawValue, "by": context.by, "detail": detail ?? "",
                "documents": documents.map(\.number).joined(separator: ",")], at: context.now)
            return (changed, documents)
        }
    }

    // MARK: Reading

    public func find(number: String) async throws -> ServiceCase? {
        try await writer.read { db in try ServiceCase.filter(Column("number") == number).fetchOne(db) }
    }

    /// The case opened from a ticket, if any (a review of the service is the case's review).
    public func find(ticketID: String) async throws -> ServiceCase? {
        try await writer.read { db in try ServiceCase.filter(Column("ticketID") == ticketID).order(Column("openedAt").desc).fetchOne(db) }
    }

    /// Cases of an applicant, newest first (the kiosk's lookup by ID card).
    public func cases(applicantNumber: String) async throws -> [ServiceCase] {
        try await writer.read { db in
            try ServiceCase.filter(sql: "json_extract(applicant, '$.idNumber') = ?", arguments: [applicantNumber])
                .order(Column("openedAt").desc).fetchAll(db)
        }
    }

    public func cases(state: CaseState? = nil, proxyOnly: Bool = false) async throws -> [ServiceCase] {
        try await writer.read { db in
            var request = ServiceCase.all()
            if let state { request = request.filter(Column("state") == state.rawValue) }
            if proxyOnly { request = request.filter(Column("proxy") != nil) }
            return try request.order(Column("openedAt")).fetchAll(db)
        }
    }

    public func events(ofCase id: String) async throws -> [CaseEvent] {
        try await writer.read { db in try CaseEvent.filter(Column("caseID") == id).order(Column("id")).fetchAll(db) }
    }

    public func documents(ofCase id: String) async throws -> [CaseDocument] {
        try await writer.read { db in try CaseDocument.filter(Column("caseID") == id).order(Column("issuedAt"), Column.rowID).fetchAll(db) }
    }

    public func document(id: String) async throws -> CaseDocument? {
        try await writer.read { db in try CaseDocument.fetchOne(db, key: id) }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(CaseStoreError) -> T {
        do {
            return try await writer.write(body)
        } catch let error as CaseStoreError {
            throw error
        } catch let error as CaseOpeningError {
            throw .opening(error)
        } catch {
            throw .storage(String(describing: error))
        }
    }

    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5: cases") { db in
            try db.create(table: "serviceCase") { t in
                t.primaryKey("id", .text)
                t.column("number", .text).notNull().unique()
                for name in ["ticketID", "ticketNumber", "itemID", "bundleID", "windowID", "openedBy", "acceptedOn"] { t.column(name, .text) }
                for name in ["title", "caseType", "leadDepartment", "channel", "state"] { t.column(name, .text).notNull() }
                t.column("openedAt", .datetime).notNull()
                // Nested values as JSON.
                for name in ["materials", "form", "subCases", "specialProcedures", "clockStops"] { t.column(name, .text).notNull() }
                for name in ["applicant", "correction", "deficiency", "refusal", "closing", "handOver", "proxy"] { t.column(name, .text) }
            }
            try db.create(index: "serviceCase_state", on: "serviceCase", columns: ["state"])
            // A window's finish looks up the ticket's case; the kiosk and a new case look up the applicant's.
            try db.create(index: "serviceCase_ticket", on: "serviceCase", columns: ["ticketID"])
            try db.execute(sql: "CREATE INDEX serviceCase_applicant ON serviceCase(json_extract(applicant, '$.idNumber'))")
            try db.create(table: "caseCounter") { t in
                t.primaryKey("day", .text)
                t.column("last", .integer).notNull()
            }
            try db.create(table: "caseEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("caseID", .text).notNull().references("serviceCase")
                t.column("action", .text).notNull()
                t.column("from", .text)
                t.column("to", .text).notNull()
                t.column("by", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("detail", .text)
            }
            try db.create(index: "caseEvent_case", on: "caseEvent", columns: ["caseID"])
            try db.create(table: "caseDocument") { t in
                t.primaryKey("id", .text)
                t.column("caseID", .text).notNull().references("serviceCase")
                t.column("caseNumber", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("title", .text).notNull()
                t.column("number", .text).notNull()
                t.column("fields", .text).notNull()
                t.column("sections", .text).notNull()
                t.column("signatures", .text).notNull()
                t.column("issuedAt", .datetime).notNull()
            }
            try db.create(index: "caseDocument_case", on: "caseDocument", columns: ["caseID"])
        }
    }
}

public enum CaseStoreError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case opening(CaseOpeningError)
    case refused(CaseError)
    /// 统一收费: a fee refused by ``FeeRules``.
    case fee(FeeRefusal)
    case storage(String)

    public var description: String {
        switch self {
        case .notFound(let number): "no case \(number)"
        case .opening(let e): e.description
        case .refused(let e): e.description
        case .fee(let e): e.description
        case .storage(let s): s
        }
    }
}
