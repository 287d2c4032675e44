import Foundation
import GRDB

/// The hall's SQLite database: one real file in the data directory, WAL journal,
/// `synchronous = FULL` so a ticket answered with 201 survives a power cut, not only a crash.
public enum HallDatabase {
    /// Opens (creating if needed) and migrates the database at `path`. `statementObserver`
    /// sees the SQL of every statement run on every connection, with `?` for its values (the
    /// query-plan test reads the hall's queries there; it never sees personal values).
    public static func open(path: String, statementObserver: (@Sendable (String) -> Void)? = nil) throws -> DatabasePool {
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            if let statementObserver {
                db.trace(options: .statement) { event in
                    if case .statement(let statement) = event { statementObserver(statement.sql) }
                }
            }
        }
        let pool = try DatabasePool(path: path, configuration: config)
        try migrator.migrate(pool)
        return pool
    }

    /// An in-memory database for tests of logic that does not concern durability.
    public static func inMemory() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try migrator.migrate(queue)
        return queue
    }

    /// Whether the database accepts a write right now (for `/healthz`).
    public static func isWritable(_ writer: any DatabaseWriter) async -> Bool {
        do {
            try await writer.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO healthProbe (id, at) VALUES (1, ?)", arguments: [Date()])
            }
            return true
        } catch {
            return false
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: queue and tickets") { db in
            try db.create(table: "ticket") { t in
                t.primaryKey("id", .text)
                t.column("number", .text).notNull()
                t.column("queueID", .text).notNull()
                t.column("serviceDay", .text).notNull()
                t.column("sequence", .integer).notNull()
                t.column("state", .text).notNull()
                t.column("itemID", .text)
                t.column("bundleID", .text)
                t.column("priority", .text)
                t.column("weight", .integer).notNull()
                t.column("issuedAt", .datetime).notNull()
                t.column("windowID", .text)
                t.column("targetWindowID", .text)
                t.column("recallCount", .integer).notNull()
                t.column("calledAt", .datetime)
                t.column("peopleAheadAtIssue", .integer).notNull()
                t.column("estimatedWaitMinutes", .integer).notNull()
            }
            // The guarantee behind "never issues a number twice".
            try db.create(index: "ticket_day_number", on: "ticket", columns: ["serviceDay", "number"], unique: true)
            try db.create(index: "ticket_state", on: "ticket", columns: ["state", "serviceDay", "queueID"])
            try db.create(index: "ticket_window", on: "ticket", columns: ["windowID", "state"])
            try db.create(table: "ticketCounter") { t in
                t.column("queueID", .text).notNull()
                t.column("serviceDay", .text).notNull()
                t.column("lastSequence", .integer).notNull()
                t.primaryKey(["queueID", "serviceDay"])
            }
            try db.create(table: "ticketEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("ticketID", .text).notNull().references("ticket")
                t.column("kind", .text).notNull()
                t.column("from", .text)
                t.column("to", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("windowID", .text)
                t.column("queueID", .text).notNull()
                t.column("detail", .text)
            }
            try db.create(index: "ticketEvent_ticket", on: "ticketEvent", columns: ["ticketID"])
            try db.create(index: "ticketEvent_kind_queue", on: "ticketEvent", columns: ["kind", "queueID"])
            try db.create(table: "windowSession") { t in
                t.primaryKey("windowID", .text)
                t.column("staffID", .text).notNull()
                t.column("staffName", .text).notNull()
                t.column("signedInAt", .datetime).notNull()
            }
            try db.create(table: "healthProbe") { t in
                t.primaryKey("id", .integer)
                t.column("at", .datetime)
            }
        }
        PrintLog.migrate(&migrator)
        migrator.registerMigration("v3: real-name tickets") { db in
            // The masked holder of a ticket taken with an ID card, as JSON.
            try db.alter(table: "ticket") { t in t.add(column: "holder", .text) }
        }
        ReviewStore.migrate(&migrator)
        CaseStore.migrate(&migrator)
        Archive.migrate(&migrator)
        StaffSchema.migrate(&migrator)
        NotificationOutbox.migrate(&migrator)
        AppointmentStore.migrate(&migrator)
        HistoryIndexes.migrate(&migrator)
        ComplaintStore.migrate(&migrator)
        ReviewUploadOutbox.migrate(&migrator)
        SupervisionStore.migrate(&migrator)
        RetentionStore.migrate(&migrator)
        FeeStore.migrate(&migrator)
        WaitingCounts.migrate(&migrator)
        ComplaintStore.migrateRatings(&migrator)
        return migrator
    }
}
