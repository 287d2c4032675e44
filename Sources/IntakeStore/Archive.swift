import Crypto
import Foundation
import GRDB
import IntakeCore

extension ArchiveEntry: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "archiveEntry" }
}

/// The tamper-evident archive (R4 archive: electronic materials archived with a timestamp;
/// seed 004 §8.1.7, §9.8). Entries are appended in the same transaction as what they record.
public enum Archive {
    /// Appends an entry chained to the last one.
    static func append(_ db: Database, kind: String, subject: String, facts: [String: String], at: Date) throws {
        let last = try ArchiveEntry.order(Column("sequence").desc).fetchOne(db)
        let sequence = (last?.sequence ?? 0) + 1
        let previous = last?.hash ?? ArchiveEntry.genesis
        let payload = canonical(facts)
        // Stored as GRDB stores dates (milliseconds), so the hash survives the round trip.
        let at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
        let text = ArchiveEntry.hashedText(sequence: sequence, at: at, kind: kind, subject: subject, payload: payload, previousHash: previous)
        let hash = SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
        try ArchiveEntry(sequence: sequence, at: at, kind: kind, subject: subject, payload: payload, previousHash: previous, hash: hash).insert(db)
        guard let anchor = try ArchiveAnchor.of(db) else { return }
        // Checked against the chain as it was: an anchor that no longer matches it stays where it is.
        if let reason = try anchor.holdBack(db, last: last) {
            anchor.noteHeld(reason)
            return
        }
        // Only once the entry is committed: an anchor ahead of the chain would accuse it falsely.
        // A failed write leaves the anchor behind, which `verify` accepts; the next one catches up.
        // No statement may run in this closure (one run after the commit kept the WAL from being
        // folded in at close). Archiving never happens in a savepoint that is rolled back inside a
        // committed transaction (GroupCommit's savepoints issue tickets only), so the entry is
        // committed when this runs.
        db.afterNextTransaction(onCommit: { _ in
            // A write that fails leaves the anchor behind, and says so until one succeeds.
            do { try anchor.writeSigned(.init(sequence: sequence, hash: hash)); anchor.noteHeld(nil) } catch {
                anchor.noteHeld("\(error)")
            }
        })
    }

    static func canonical(_ facts: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(facts)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// What a check of the archive found.
    public struct Verification: Sendable, Equatable {
        public var entries: Int
        public var pages: Int
        /// The first entry that does not hold, and why.
        public var firstBroken: (sequence: Int64, kind: String, subject: String, reason: String)?

        public static func == (a: Verification, b: Verification) -> Bool {
            a.entries == b.entries && a.pages == b.pages && a.firstBroken?.sequence == b.firstBroken?.sequence && a.firstBroken?.reason == b.firstBroken?.reason
        }
    }

    /// Walks the chain from the start: each entry's hash, its link to the one before, and for
    /// stored pages the file and the page row it names.
    /// With `anchor`, the chain must also reach the anchor's entry and hold its hash there.
    /// With `publicKey` (the hall key's public half), the anchor must also be signed by it.
    /// Each of `reported` (a head printed in a daily report, kept outside the hall) is held to
    /// the same: the chain must reach its entry and hold its hash there.
    public static func verify(_ reader: any DatabaseReader, blobs: BlobStore, anchor: ArchiveAnchor? = nil,
                              publicKey: Curve25519.Signing.PublicKey? = nil,
                              reported: [ArchiveAnchor.Head] = []) async throws -> Verification {
        let head: ArchiveAnchor.Head?
        do { head = try anchor?.read() } catch {
            return Verification(entries: 0, pages: 0, firstBroken: (0, "anchor", anchor?.path ?? "", "the anchor is unreadable: \(error)"))
        }
        // An anchor the hall key does not vouch for vouches for nothing: named once the chain is walked.
        let unsigned = publicKey.flatMap { head?.signatureProblem(against: $0) }
        return try await reader.read { db in
            var previous = ArchiveEntry.genesis
            var count = 0, pages = 0
            var expected: Int64 = 1
            let cursor = try ArchiveEntry.order(Column("sequence")).fetchCursor(db)
            while let entry = try cursor.next() {
                count += 1
                func broken(_ reason: String) -> Verification {
                    Verification(entries: count, pages: pages, firstBroken: (entry.sequence, entry.kind, entry.subject, reason))
                }
                if entry.sequence != expected { return broken("entry \(expected) is missing") }
                expected += 1
                if entry.previousHash != previous { return broken("does not follow entry \(entry.sequence - 1): the chain was cut or reordered") }
                let text = ArchiveEntry.hashedText(sequence: entry.sequence, at: entry.at, kind: entry.kind, subject: entry.subject,
                                                   payload: entry.payload, previousHash: entry.previousHash)
                let hash = SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
                if hash != entry.hash { return broken("its content was changed after it was written (hash mismatch)") }
                if entry.kind == "page.stored" {
                    pages += 1
                    let facts = (try? JSONDecoder().decode([String: String].self, from: Data(entry.payload.utf8))) ?? [:]
                    guard let sha = facts["sha256"], let pageID = facts["page"] else { return broken("names no page") }
                    let row = try Row.fetchOne(db, sql: "SELECT sha256, caseNumber, materialID, erasedAt FROM materialPage WHERE id = ?", arguments: [pageID])
                    // A page erased past its retention keeps its row; its file is gone on purpose.
                    let erased = (row?["erasedAt"] as DatabaseValue?).map { !$0.isNull } ?? false
                    if !erased, !blobs.isIntact(sha) { return broken("the stored file \(blobs.path(sha)) is missing or was changed") }
                    if row == nil || row?["sha256"] != sha || row?["caseNumber"] != entry.subject || row?["materialID"] != facts["material"] {
                        return broken("the page row \(pageID) no longer matches what was archived")
                    }
                }
                if unsigned == nil, let head, head.sequence == entry.sequence, head.hash != entry.hash, let anchor {
                    return broken("differs from the anchor \(anchor.path), which holds another hash for this entry")
                }
                if let claim = reported.first(where: { $0.sequence == entry.sequence && $0.hash != entry.hash }) {
                    return broken("differs from the reported head \(claim.sequence):\(claim.hash), which holds another hash for this entry")
                }
                previous = entry.hash
            }
            if let claim = reported.filter({ $0.sequence > Int64(count) }).min(by: { $0.sequence < $1.sequence }) {
                return Verification(entries: count, pages: pages, firstBroken: (Int64(count) + 1, "report", "\(claim.sequence):\(claim.hash)",
                    "the chain ends at entry \(count), but the reported head \(claim.sequence):\(claim.hash) vouches for entry \(claim.sequence): entries were cut off"))
            }
            if let anchor {
                if let unsigned, let head {
                    return Verification(entries: count, pages: pages, firstBroken: (head.sequence, "anchor", anchor.path, "the anchor \(anchor.path) \(unsigned)"))
                }
                guard let head else {
                    if count == 0 { return Verification(entries: 0, pages: 0, firstBroken: nil) }
                    return Verification(entries: count, pages: pages, firstBroken: (Int64(count), "anchor", anchor.path,
                        "there is no anchor \(anchor.path): nothing outside the database vouches for the chain's end"))
                }
                if head.sequence > Int64(count) {
                    return Verification(entries: count, pages: pages, firstBroken: (Int64(count) + 1, "anchor", anchor.path,
                        "the chain ends at entry \(count), but the anchor \(anchor.path) vouches for entry \(head.sequence): entries were cut off"))
                }
            }
            return Verification(entries: count, pages: pages, firstBroken: nil)
        }
    }

    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6: materials and archive") { db in
            try db.create(table: "materialPage") { t in
                t.primaryKey("id", .text)
                t.column("caseID", .text).notNull().references("serviceCase")
                for name in ["caseNumber", "materialID", "sha256", "device", "clerk", "state"] { t.column(name, .text).notNull() }
                for name in ["pageNumber", "size", "width", "height"] { t.column(name, .integer).notNull() }
                t.column("capturedAt", .datetime).notNull()
                t.column("note", .text)
                t.column("replacedBy", .text)
            }
            try db.create(index: "materialPage_case", on: "materialPage", columns: ["caseID", "materialID"])
            try db.create(table: "archiveEntry") { t in
                t.primaryKey("sequence", .integer)
                t.column("at", .datetime).notNull()
                t.column("kind", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("payload", .text).notNull()
                t.column("previousHash", .text).notNull()
                t.column("hash", .text).notNull()
            }
            // Append only: the database refuses to change or delete an entry in place.
            try db.execute(sql: """
                CREATE TRIGGER archiveEntry_no_update BEFORE UPDATE ON archiveEntry BEGIN SELECT RAISE(ABORT, 'the archive is append-only'); END;
                CREATE TRIGGER archiveEntry_no_delete BEFORE DELETE ON archiveEntry BEGIN SELECT RAISE(ABORT, 'the archive is append-only'); END;
                """)
        }
    }
}
