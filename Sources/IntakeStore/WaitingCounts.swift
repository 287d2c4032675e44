import GRDB

/// The waiting tickets of each queue's day by weight, kept by SQLite itself (triggers on
/// `ticket`): the people ahead of a new ticket (R1) are a sum over a few rows instead of a
/// count over every ticket waiting, which grew with the day's backlog (issue 16: the issue
/// rate fell from 1,706 to 776 tickets a second within ten seconds). Only tickets waiting
/// for their queue count, not those sent to a window, as ``CallOrder`` calls them.
enum WaitingCounts {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v17: waiting counts") { db in
            try db.create(table: "queueWaiting") { t in
                t.column("serviceDay", .text).notNull()
                t.column("queueID", .text).notNull()
                t.column("weight", .integer).notNull()
                t.column("waiting", .integer).notNull().check { $0 >= 0 }
                t.primaryKey(["serviceDay", "queueID", "weight"])
            }
            func counted(_ row: String) -> String { "\(row).state = 'waiting' AND \(row).targetWindowID IS NULL" }
            let join = """
                INSERT INTO queueWaiting (serviceDay, queueID, weight, waiting) VALUES (NEW.serviceDay, NEW.queueID, NEW.weight, 1)
                    ON CONFLICT (serviceDay, queueID, weight) DO UPDATE SET waiting = waiting + 1;
                """
            let leave = """
                UPDATE queueWaiting SET waiting = waiting - 1
                    WHERE serviceDay = OLD.serviceDay AND queueID = OLD.queueID AND weight = OLD.weight;
                """
            let columns = "state, serviceDay, queueID, targetWindowID, weight"
            try db.execute(sql: """
                INSERT INTO queueWaiting (serviceDay, queueID, weight, waiting)
                    SELECT serviceDay, queueID, weight, count(*) FROM ticket WHERE \(counted("ticket")) GROUP BY serviceDay, queueID, weight;
                CREATE TRIGGER ticket_waiting_insert AFTER INSERT ON ticket
                    WHEN \(counted("NEW")) BEGIN \(join) END;
                CREATE TRIGGER ticket_waiting_leave AFTER UPDATE OF \(columns) ON ticket
                    WHEN \(counted("OLD")) BEGIN \(leave) END;
                CREATE TRIGGER ticket_waiting_join AFTER UPDATE OF \(columns) ON ticket
                    WHEN \(counted("NEW")) BEGIN \(join) END;
                CREATE TRIGGER ticket_waiting_delete AFTER DELETE ON ticket
                    WHEN \(counted("OLD")) BEGIN \(leave) END;
                """)
        }
    }
}
