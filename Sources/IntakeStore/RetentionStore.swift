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

    public init(writer: any DatabaseWriter, blobs: BlobStore) { self.writer = writer; self.blobs = blobs }

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
        let (erasure, shas) = try await writer.write { db -> (RetentionErasure, [String]) in
            var e = RetentionErasure()
            try db.execute(sql: "UPDATE ticket SET holder = NULL WHERE holder IS NOT NULL AND serviceDay < ?", arguments: [cutoffs.ticketHolders.description])
            e.ticketHolders = db.changesCount
            try db.execute(sql: "UPDATE booking SET name = '', idNumber = '', phone = '' WHERE name != '' AND day < ?",
                           arguments: [cutoffs.bookingHolders.description])
            e.bookingHolders = db.changesCount
            // The documents' applicant line (masked, yet a surname and the number's end), then the
            // applicant, the form's values (pre-filled from the card: name, number, address) and a courier address.
            try db.execute(sql: """
                UPDATE caseDocument SET fields = (SELECT json_group_array(CASE WHEN json_extract(value, '$.label') = ?
                    THEN json_set(value, '$.value', '') ELSE json(value) END) FROM json_each(caseDocument.fields))
                WHERE caseID IN (SELECT id FROM serviceCase WHERE applicant IS NOT NULL AND id IN (\(Self.closing)))
                """, arguments: [CaseDocument.applicantLabel, caseApplicants])
            try db.execute(sql: """
                UPDATE serviceCase SET applicant = NULL,
                  form = (SELECT json_group_array(json_remove(value, '$.value')) FROM json_each(serviceCase.form)),
                  handOver = CASE WHEN handOver IS NULL THEN NULL ELSE json_remove(handOver, '$.address') END
                WHERE applicant IS NOT NULL AND id IN (\(Self.closing))
                """, arguments: [caseApplicants])
            e.caseApplicants = db.changesCount
            let shas = try String.fetchAll(db, sql: """
                UPDATE materialPage SET erasedAt = ? WHERE erasedAt IS NULL AND caseID IN (\(Self.closing)) RETURNING sha256
                """, arguments: [now, pageImages])
            e.pageImages = shas.count
            try db.execute(sql: """
                UPDATE complaint SET complainantName = NULL, complainantPhone = NULL
                WHERE (complainantName IS NOT NULL OR complainantPhone IS NOT NULL) AND closedAt < ?
                """, arguments: [complainants])
            e.complainants = db.changesCount
            try db.execute(sql: """
                UPDATE notificationMessage SET recipient = '', text = '', payload = '{}',
                  withdrawnAt = CASE WHEN sentAt IS NULL AND withdrawnAt IS NULL THEN ? ELSE withdrawnAt END
                WHERE recipient != '' AND createdAt < ?
                """, arguments: [now, notifications])
            e.notifications = db.changesCount
            try db.execute(sql: """
                UPDATE reviewUpload SET report = json_remove(report, '$.rater')
                WHERE sentAt IS NOT NULL AND sentAt < ? AND json_extract(report, '$.rater') IS NOT NULL
                """, arguments: [notifications])
            e.reviewReports = db.changesCount
            try db.execute(sql: "DELETE FROM keypadPress WHERE \"at\" < ?", arguments: [pressLog])
            e.pressLog = db.changesCount
            try db.execute(sql: "DELETE FROM printRecord WHERE submittedAt < ?", arguments: [printLog])
            e.printLog = db.changesCount
            if e.total > 0 { try Archive.append(db, kind: "retention.erased", subject: "hall", facts: e.facts(cutoffs), at: now) }
            // A file goes only when no page still kept names the same content.
            let kept = try Set(String.fetchAll(db, sql: "SELECT sha256 FROM materialPage WHERE erasedAt IS NULL AND sha256 IN (SELECT value FROM json_each(?))",
                                               arguments: [String(decoding: try JSONEncoder().encode(shas), as: UTF8.self)]))
            return (e, Array(Set(shas).subtracting(kept)))
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
