import GRDB

/// The review tables (R6: 一次一评, 一事一评 and the bad-review loop), beside the store that
/// writes them so that ReviewStore.swift holds only what the store does.
extension ReviewStore {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4: reviews") { db in
            try db.create(table: "review") { t in
                t.primaryKey("id", .text)
                t.column("ticketID", .text)
                t.column("ticketNumber", .text)
                t.column("caseNumber", .text)
                t.column("itemCode", .text)
                t.column("itemName", .text).notNull()
                t.column("department", .text).notNull()
                t.column("windowID", .text)
                t.column("staffID", .text)
                t.column("staffName", .text)
                t.column("channel", .text).notNull()
                t.column("level", .integer).notNull()
                t.column("at", .datetime).notNull()
                t.column("reasons", .text).notNull()
                t.column("realName", .boolean).notNull()
            }
            // 一次一评 and 一事一评, guaranteed by the database whatever the code does.
            try db.execute(sql: "CREATE UNIQUE INDEX review_ticket ON review(ticketID) WHERE ticketID IS NOT NULL")
            try db.execute(sql: "CREATE UNIQUE INDEX review_case ON review(caseNumber) WHERE caseNumber IS NOT NULL")
            try db.create(index: "review_at", on: "review", columns: ["at"])
            try db.create(table: "keypadArming") { t in
                t.primaryKey("windowID", .text)
                t.column("subject", .text).notNull()
                t.column("armedAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("reviewID", .text)
            }
            try db.create(table: "keypadPress") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("windowID", .text).notNull()
                t.column("level", .integer).notNull()
                t.column("at", .datetime).notNull()
                t.column("outcome", .text).notNull()
                t.column("reviewID", .text)
            }
            try db.create(table: "rectificationTask") { t in
                t.primaryKey("id", .text)
                t.column("reviewID", .text).notNull().unique().references("review")
                t.column("department", .text).notNull()
                t.column("state", .text).notNull()
                t.column("openedAt", .datetime).notNull()
                t.column("dueDay", .text).notNull()
                t.column("realName", .boolean).notNull()
                t.column("finding", .text)
                t.column("measures", .text)
                t.column("reply", .text)
                t.column("callBack", .text)
                t.column("appealReason", .text)
                t.column("recheckReason", .text)
                t.column("closedAt", .datetime)
            }
            try db.create(table: "rectificationEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("taskID", .text).notNull().references("rectificationTask")
                t.column("action", .text).notNull()
                t.column("from", .text)
                t.column("to", .text).notNull()
                t.column("by", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("note", .text)
            }
            try db.create(index: "rectificationEvent_task", on: "rectificationEvent", columns: ["taskID"])
        }
    }
}
