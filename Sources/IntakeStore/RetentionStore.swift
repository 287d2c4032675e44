import Foundation
import GRDB
import IntakeCore

/// Erases personal fields past their retention (``RetentionPolicy``; issue 17) in one write
/// transaction, which also appends one archive entry saying what was erased by kind and
/// count (never the values), then deletes the erased page files. The transaction runs with
/// `secure_delete`, and a truncating WAL checkpoint follows (with `VACUUM` first at night),
/// so the erased bytes are gone from the files and not only unreachable. A message never sent by then is withdrawn with it. Partial indexes keep to the rows still holding a value: a nightly run reads
/// what is due, not the years already erased.
public struct RetentionStore: Sendable {
    public let writer: any DatabaseWriter
    public let blobs: BlobStore

    /// Rows one statement erases in one transaction.
    public let batchRows: Int

    public init(writer: any DatabaseWriter, blobs: BlobStore, batchRows: Int = 2000) {
        self.writer = writer; self.blobs = blobs; self.batchRows = max(1, batchRows)
    }

    static let closing = "SELECT caseID FROM caseEvent WHERE \"to\" IN ('completed', 'refused', 'withdrawn', 'lapsed') AND \"at\" < ?"

    /// - Parameter vacuum: rebuild the file afterwards (the nightly run, with the hall closed);
    ///   without it the run still leaves no erased bytes behind, by `secure_delete`.
    public func erase(_ cutoffs: RetentionCutoffs, calendar: HallCalendar, at now: Date, vacuum: Bool) async throws -> RetentionErasure {
        let caseApplicants = calendar.start(of: cutoffs.caseApplicants), pageImages = calendar.start(of: cutoffs.pageImages)
        let complainants = calendar.start(of: cutoffs.complainants), notifications = calendar.start(of: cutoffs.notifications)
        let pressLog = calendar.start(of: cutoffs.pressLog), printLog = calendar.start(of: cutoffs.printLog)
        // Freed cells and pages are zeroed as they are freed: the old values leave the file at the
        // checkpoint, with no VACUUM of a large file while the hall serves.
        try await writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        defer { try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA secure_delete = OFF") } }
        // In batches of at most `batchRows` rows a statement, each its own transaction with its own
        // archive entry: a first run on years of history never holds the writer for long.
        var erasure = RetentionErasure()
        var shas: [String] = []
        while true {
            let batchRows = self.batchRows
            let (batch, files) = try await writer.write { db -> (RetentionErasure, [String]) in
                var e = RetentionErasure()
                let n = batchRows
                try db.execute(sql: """
                    UPDATE ticket SET holder = NULL
                    WHERE rowid IN (SELECT rowid FROM ticket WHERE holder IS NOT NULL AND serviceDay < ? LIMIT ?)
                    """, arguments: [cutoffs.ticketHolders.description, n])
                e.ticketHolders = db.changesCount
                try db.execute(sql: """
                    UPDATE booking SET name = '', idNumber = '', phone = ''
                    WHERE rowid IN (SELECT rowid FROM booking WHERE name != '' AND day < ? LIMIT ?)
                    """, arguments: [cutoffs.bookingHolders.description, n])
                e.bookingHolders = db.changesCount
                // The documents' applicant line (masked, yet a surname and the number's end), then the
                // applicant, the form's values (pre-filled from the card: name, number, address) and a courier address.
                let cases = try String.fetchAll(db, sql: "SELECT id FROM serviceCase WHERE applicant IS NOT NULL AND id IN (\(Self.closing)) LIMIT ?",
                                                arguments: [caseApplicants, n])
                let ids = String(decoding: try JSONEncoder().encode(cases), as: UTF8.self)
                try db.execute(sql: """
                    UPDATE caseDocument SET fields = (SELECT json_group_array(CASE WHEN json_extract(value, '$.label') = ?
                        THEN json_set(value, '$.value', '') ELSE json(value) END) FROM json_each(caseDocument.fields))
                    WHERE caseID IN (SELECT value FROM json_each(?))
                    """, arguments: [CaseDocument.applicantLabel, ids])
                try db.execute(sql: """
                    UPDATE serviceCase SET applicant = NULL,
                      form = (SELECT json_group_array(json_remove(value, '$.value')) FROM json_each(serviceCase.form)),
                      handOver = CASE WHEN handOver IS NULL THEN NULL ELSE json_remove(handOver, '$.address') END
                    WHERE id IN (SELECT value FROM json_each(?))
                    """, arguments: [ids])
                e.caseApplicants = db.changesCount
                let shas = try String.fetchAll(db, sql: """
                    UPDATE materialPage SET erasedAt = ?
                    WHERE rowid IN (SELECT rowid FROM materialPage WHERE erasedAt IS NULL AND caseID IN (\(Self.closing)) LIMIT ?) RETURNING sha256
                    """, arguments: [now, pageImages, n])
                e.pageImages = shas.count
                try db.execute(sql: """
                    UPDATE complaint SET complainantName = NULL, complainantPhone = NULL
                    WHERE rowid IN (SELECT rowid FROM complaint
                                    WHERE (complainantName IS NOT NULL OR complainantPhone IS NOT NULL) AND closedAt < ? LIMIT ?)
                    """, arguments: [complainants, n])
                e.complainants = db.changesCount
                try db.execute(sql: """
                    UPDATE notificationMessage SET recipient = '', text = '', payload = '{}',
                      withdrawnAt = CASE WHEN sentAt IS NULL AND withdrawnAt IS NULL THEN ? ELSE withdrawnAt END
                    WHERE rowid IN (SELECT rowid FROM notificationMessage WHERE recipient != '' AND createdAt < ? LIMIT ?)
                    """, arguments: [now, notifications, n])
                e.notifications = db.changesCount
                try db.execute(sql: """
                    UPDATE reviewUpload SET report = json_remove(report, '$.rater')
                    WHERE rowid IN (SELECT rowid FROM reviewUpload
                                    WHERE sentAt IS NOT NULL AND sentAt < ? AND json_extract(report, '$.rater') IS NOT NULL LIMIT ?)
                    """, arguments: [notifications, n])
                e.reviewReports = db.changesCount
                try db.execute(sql: "DELETE FROM keypadPress WHERE rowid IN (SELECT rowid FROM keypadPress WHERE \"at\" < ? LIMIT ?)",
                               arguments: [pressLog, n])
                e.pressLog = db.changesCount
                try db.execute(sql: "DELETE FROM printRecord WHERE rowid IN (SELECT rowid FROM printRecord WHERE submittedAt < ? LIMIT ?)",
                               arguments: [printLog, n])
                e.printLog = db.changesCount
                if e.total > 0 { try Archive.append(db, kind: "retention.erased", subject: "hall", facts: e.facts(cutoffs), at: now) }
                // A file goes only when no page still kept names the same content.
                let kept = try Set(String.fetchAll(db, sql: "SELECT sha256 FROM materialPage WHERE erasedAt IS NULL AND sha256 IN (SELECT value FROM json_each(?))",
                                                   arguments: [String(decoding: try JSONEncoder().encode(shas), as: UTF8.self)]))
                return (e, Array(Set(shas).subtracting(kept)))
            }
            erasure.add(batch)
            shas += files
            if batch.total == 0 { break }
        }
        for sha in shas { try? FileManager.default.removeItem(atPath: blobs.path(sha)) }
        if erasure.total > 0 {
            if vacuum { try await writer.vacuum() }
            _ = try writer.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        return erasure
    }

    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14: retention") { db in
            // An erased page keeps its row and archive entry; its file is gone.
            try db.alter(table: "materialPage") { t in t.add(column: "erasedAt", .datetime) }
            // Only the rows still holding personal values: the nightly run reads what is due.
            try db.execute(sql: "CREATE INDEX ticket_holder_kept ON ticket(serviceDay) WHERE holder IS NOT NULL")
            try db.execute(sql: "CREATE INDEX booking_holder_kept ON booking(day) WHERE name != ''")
            try db.execute(sql: "CREATE INDEX complaint_complainant_kept ON complaint(closedAt) WHERE complainantName IS NOT NULL OR complainantPhone IS NOT NULL")
            try db.execute(sql: "CREATE INDEX notification_recipient_kept ON notificationMessage(createdAt) WHERE recipient != ''")
            try db.create(index: "keypadPress_at", on: "keypadPress", columns: ["at"])
            try db.create(index: "printRecord_submittedAt", on: "printRecord", columns: ["submittedAt"])
        }
    }
}
