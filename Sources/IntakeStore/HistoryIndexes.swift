import GRDB

/// Indexes that keep the hot paths flat over years of history (issue 16): each query of a
/// ticket, a call or a review reads only its own day or its own rows, never every row the
/// hall ever stored. `QueryPlanTests` fails on a full scan of a table that grows.
enum HistoryIndexes {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10: indexes for a year of history") { db in
            // Band caps count today's issues of a queue by time; service times take a queue's
            // newest finishes. Both by (kind, queue, at) instead of every event of the queue.
            try db.drop(index: "ticketEvent_kind_queue")
            try db.create(index: "ticketEvent_kind_queue_at", on: "ticketEvent", columns: ["kind", "queueID", "at"])
            // People ahead of a new ticket, counted from the index alone (no row reads).
            try db.drop(index: "ticket_state")
            try db.create(index: "ticket_waiting", on: "ticket", columns: ["state", "serviceDay", "queueID", "targetWindowID", "weight"])
            // The dashboard's open rectification tasks, and the ones closed today.
            try db.create(index: "rectificationTask_state_due", on: "rectificationTask", columns: ["state", "dueDay", "openedAt"])
            try db.create(index: "rectificationTask_closedAt", on: "rectificationTask", columns: ["closedAt"])
        }
    }
}
