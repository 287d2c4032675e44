import Foundation
import GRDB
import IntakeCore

extension FeePayment: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "feePayment" }

    public enum Columns {
        static let caseID = Column("caseID"), state = Column("state"), receiptNumber = Column("receiptNumber")
    }
}

/// Fees taken at the window (统一收费, seed 004 §9.6). A charge is checked by the core
/// (``FeeRules``) on the case and its payments read in the same write transaction, so two
/// clerks cannot both take one fee; the constraints say so again (one standing payment per
/// item, a positive amount, known methods and states). Each payment, refund and correction
/// is archived with its receipt number and amount, never the applicant.
public struct FeeStore: Sendable {
    public let writer: any DatabaseWriter
    private let makeID: @Sendable () -> String
    static let receipts = DaySequenceNumber(prefix: "SF")

    public init(writer: any DatabaseWriter, makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.writer = writer; self.makeID = makeID
    }

    /// Records a charge the core accepts, with its receipt number of the day.
    public func charge(_ charge: FeeRules.Charge, case number: String, window: String?, by: String, day: CivilDay,
                       at now: Date) async throws(CaseStoreError) -> (FeePayment, CaseDocument) {
        let id = makeID(), documentID = makeID()
        return try await run { db in
            guard let c = try ServiceCase.filter(Column("number") == number).fetchOne(db) else { throw CaseStoreError.notFound(number) }
            let payments = try FeePayment.filter(FeePayment.Columns.caseID == c.id).fetchAll(db)
            do { try FeeRules.check(charge, on: c, payments: payments) } catch let refusal as FeeRefusal { throw FeeStoreRefusal(refusal) }
            let payment = FeePayment(id: id, caseID: c.id, caseNumber: c.number, itemID: charge.itemID, amountFen: charge.amountFen,
                                     method: charge.method, reference: charge.reference?.trimmingCharacters(in: .whitespaces).nilIfBlank,
                                     receiptNumber: try Self.nextReceipt(db, day: day), windowID: window, by: by, at: now, state: .paid)
            try payment.insert(db)
            let receipt = CaseDocuments.feeReceipt(payment, case: c, id: documentID)
            try receipt.insert(db)
            try Archive.append(db, kind: "fee.paid", subject: c.number, facts: Self.facts(payment), at: now)
            return (payment, receipt)
        }
    }

    /// Refunds a standing payment, keeping it with the reason.
    public func refund(payment id: String, reason: String, by: String, at now: Date) async throws(CaseStoreError) -> FeePayment {
        try await run { db in
            var payment = try Self.standing(db, id: id, reason: reason)
            payment.state = .refunded
            payment.closing = .init(reason: reason, by: by, at: now)
            try payment.update(db)
            try Archive.append(db, kind: "fee.refunded", subject: payment.caseNumber, facts: Self.facts(payment).merging(["reason": reason]) { $1 }, at: now)
            return payment
        }
    }

    /// Corrects a standing payment (a wrong method or reference recorded): the original is kept
    /// as corrected with the reason, and a new payment of the same amount replaces it.
    public func correct(payment id: String, method: PaymentMethod, reference: String?, reason: String, by: String, day: CivilDay,
                        at now: Date) async throws(CaseStoreError) -> (FeePayment, CaseDocument) {
        let newID = makeID(), documentID = makeID()
        return try await run { db in
            var old = try Self.standing(db, id: id, reason: reason)
            old.state = .corrected
            old.closing = .init(reason: reason, by: by, at: now)
            try old.update(db)
            guard let c = try ServiceCase.fetchOne(db, key: old.caseID) else { throw CaseStoreError.notFound(old.caseNumber) }
            let others = try FeePayment.filter(FeePayment.Columns.caseID == c.id && Column("id") != old.id).fetchAll(db)
            let charge = FeeRules.Charge(itemID: old.itemID, amountFen: old.amountFen, method: method, reference: reference)
            do { try FeeRules.check(charge, on: c, payments: others) } catch let refusal as FeeRefusal { throw FeeStoreRefusal(refusal) }
            let payment = FeePayment(id: newID, caseID: c.id, caseNumber: c.number, itemID: old.itemID, amountFen: old.amountFen, method: method,
                                     reference: reference?.trimmingCharacters(in: .whitespaces).nilIfBlank,
                                     receiptNumber: try Self.nextReceipt(db, day: day), windowID: old.windowID, by: by, at: now, state: .paid,
                                     replaces: old.id)
            try payment.insert(db)
            let receipt = CaseDocuments.feeReceipt(payment, case: c, replacing: old.receiptNumber, id: documentID)
            try receipt.insert(db)
            try Archive.append(db, kind: "fee.corrected", subject: c.number,
                               facts: Self.facts(payment).merging(["replaces": old.receiptNumber, "reason": reason]) { $1 }, at: now)
            return (payment, receipt)
        }
    }

    public func payments(caseID: String) async throws -> [FeePayment] {
        try await writer.read { db in try FeePayment.filter(FeePayment.Columns.caseID == caseID).order(Column("at"), Column("id")).fetchAll(db) }
    }

    public func payment(id: String) async throws -> FeePayment? {
        try await writer.read { db in try FeePayment.fetchOne(db, key: id) }
    }

    static func standing(_ db: Database, id: String, reason: String) throws -> FeePayment {
        guard let payment = try FeePayment.fetchOne(db, key: id) else { throw CaseStoreError.notFound("payment \(id)") }
        do { try FeeRules.checkClosing(payment, reason: reason) } catch { throw FeeStoreRefusal(error) }
        return payment
    }

    static func nextReceipt(_ db: Database, day: CivilDay) throws -> String {
        let last = try Int.fetchOne(db, sql: "SELECT last FROM feeReceiptCounter WHERE day = ?", arguments: [day.description]) ?? 0
        try db.execute(sql: "INSERT INTO feeReceiptCounter (day, last) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET last = excluded.last",
                       arguments: [day.description, last + 1])
        return receipts.make(day: day, sequence: last + 1)
    }

    static func facts(_ p: FeePayment) -> [String: String] {
        ["receipt": p.receiptNumber, "item": p.itemID, "amountFen": String(p.amountFen), "method": p.method.rawValue, "by": p.by]
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(CaseStoreError) -> T {
        do { return try await writer.write(body) } catch let error as CaseStoreError { throw error } catch let error as FeeStoreRefusal {
            throw .fee(error.refusal)
        } catch { throw .storage(String(describing: error)) }
    }

    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15: fees") { db in
            try db.create(table: "feePayment") { t in
                t.primaryKey("id", .text)
                t.column("caseID", .text).notNull().references("serviceCase")
                t.column("caseNumber", .text).notNull()
                t.column("itemID", .text).notNull()
                t.column("amountFen", .integer).notNull().check { $0 > 0 }
                t.column("method", .text).notNull().check(sql: "method IN ('cash', 'bankCard', 'wechatPay', 'alipay', 'unionPay')")
                t.column("reference", .text)
                t.column("receiptNumber", .text).notNull().unique()
                t.column("windowID", .text)
                t.column("by", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("state", .text).notNull().check(sql: "state IN ('paid', 'refunded', 'corrected')")
                t.column("closing", .text)
                t.column("replaces", .text).references("feePayment")
                // A card or QR payment names its reference; a closed one its reason.
                t.check(sql: "method = 'cash' OR reference IS NOT NULL")
                t.check(sql: "state = 'paid' OR closing IS NOT NULL")
            }
            // One standing payment per item of a case: a fee is never taken twice.
            try db.execute(sql: "CREATE UNIQUE INDEX feePayment_one_standing ON feePayment(caseID, itemID) WHERE state = 'paid'")
            try db.create(index: "feePayment_case", on: "feePayment", columns: ["caseID"])
            try db.create(table: "feeReceiptCounter") { t in
                t.primaryKey("day", .text)
                t.column("last", .integer).notNull()
            }
        }
    }
}

/// A refusal of the core, carried out of a write transaction.
struct FeeStoreRefusal: Error { var refusal: FeeRefusal; init(_ refusal: FeeRefusal) { self.refusal = refusal } }

extension String {
    var nilIfBlank: String? { allSatisfy(\.isWhitespace) ? nil : self }
}
