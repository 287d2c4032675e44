import Foundation
import GRDB
import IntakeCore

extension PrintRecord: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "printRecord" }
}

/// The stored history of prints: what was printed where, and what failed and why.
public struct PrintLog: Sendable {
    let writer: any DatabaseWriter

    public init(writer: any DatabaseWriter) { self.writer = writer }

    public func insert(_ record: PrintRecord) async throws {
        try await writer.write { db in try record.insert(db) }
    }

    /// Stores how a print ended.
    public func finish(id: String, state: PrintState, reason: String?, at: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE printRecord SET state = ?, reason = ?, finishedAt = ? WHERE id = ?",
                           arguments: [state.rawValue, reason, at, id])
        }
    }

    /// Whether the document has come out of a printer at least once.
    public func wasPrinted(documentKind: String, documentID: String) async throws -> Bool {
        try await writer.read { db in
            try PrintRecord.filter(Column("documentKind") == documentKind && Column("documentID") == documentID
                                   && Column("state") == PrintState.printed.rawValue).fetchCount(db) > 0
        }
    }

    public func records(documentKind: String, documentID: String) async throws -> [PrintRecord] {
        try await writer.read { db in
            try PrintRecord.filter(Column("documentKind") == documentKind && Column("documentID") == documentID)
                .order(Column("submittedAt")).fetchAll(db)
        }
    }

    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2: print log") { db in
            try db.create(table: "printRecord") { t in
                t.primaryKey("id", .text)
                t.column("printerID", .text).notNull()
                t.column("documentKind", .text).notNull()
                t.column("documentID", .text).notNull()
                t.column("title", .text).notNull()
                t.column("reprint", .boolean).notNull()
                t.column("state", .text).notNull()
                t.column("reason", .text)
                t.column("submittedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
            }
            try db.create(index: "printRecord_document", on: "printRecord", columns: ["documentKind", "documentID"])
        }
    }
}
