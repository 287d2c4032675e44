import Foundation
import GRDB
import HallServer
import IntakeCore
import IntakeStore
import Testing

/// The archive anchored outside the database (issue 17, R4 archive): every committed entry
/// moves `archive.anchor`; a chain cut short or rewritten no longer matches it, and the anchor
/// is never moved onto such a chain, nor written from the database but by hand.
@Suite(.timeLimit(.minutes(5)))
struct ArchiveAnchorTests {
    static let catalog = try! HallFiles.loadCatalog(path: nil)
    let day = CivilDay("2026-09-24")!
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func hall() throws -> (dir: String, writer: DatabasePool, cases: CaseStore, materials: MaterialStore) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-anchor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let writer = try HallDatabase.open(path: dir + "/onevisit.sqlite")
        return (dir, writer, CaseStore(writer: writer), MaterialStore(writer: writer, blobs: BlobStore(directory: dir + "/materials")))
    }

    func page(_ n: UInt8) -> CapturedPage { CapturedPage(jpeg: [0xFF, 0xD8, n, 0xFF, 0xD9], width: 10, height: 10, device: "test") }

    @Test func theAnchorFollowsTheChainAndCatchesACut() async throws {
        let (dir, writer, cases, materials) = try hall()
        let anchor = ArchiveAnchor(besideDatabase: dir + "/onevisit.sqlite")
        #expect(try anchor.read() == nil, "an empty archive has no anchor yet")
        let c = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4")
        for n: UInt8 in 1...3 { _ = try await materials.attach(page(n), case: c.number, material: "resident-id-card", by: "s4", at: now) }

        let (count, last) = try writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM archiveEntry") ?? 0,
             try Row.fetchOne(db, sql: "SELECT sequence, hash FROM archiveEntry ORDER BY sequence DESC LIMIT 1"))
        }
        #expect(count >= 3)
        let head = try #require(try anchor.read())
        #expect(head.sequence == last?["sequence"] && head.hash == last?["hash"], "the anchor holds the committed head")
        #expect(try await Archive.verify(writer, blobs: materials.blobs, anchor: anchor).firstBroken == nil)

        // A refused write archives nothing and leaves the anchor where it was.
        await #expect(throws: CaseStoreError.self) { try await materials.remove(page: "no-such-page", reason: "x", by: "s4", at: now) }
        #expect(try anchor.read() == head)

        // The last entry deleted by hand, the append-only trigger dropped first as whoever can
        // write the file can: the chain itself still links, the anchor does not agree.
        try await writer.write { db in
            try db.execute(sql: "DROP TRIGGER archiveEntry_no_delete")
            try db.execute(sql: "DELETE FROM archiveEntry WHERE sequence = ?", arguments: [head.sequence])
        }
        let cut = try await Archive.verify(writer, blobs: materials.blobs, anchor: anchor)
        #expect(cut.firstBroken?.kind == "anchor" && cut.firstBroken?.reason.contains("cut off") == true
                && cut.firstBroken?.reason.contains(anchor.path) == true, "\(String(describing: cut.firstBroken))")
        #expect(try await Archive.verify(writer, blobs: materials.blobs).firstBroken == nil,
                "without the anchor the shortened chain looks whole: what the anchor is for")

        // The hall archives on after the cut: the anchor stays where it was, so the cut stays
        // named, even once the chain is as long again.
        for n: UInt8 in 4...6 { _ = try await materials.attach(page(n), case: c.number, material: "resident-id-card", by: "s4", at: now) }
        #expect(try anchor.read() == head, "an anchor is never moved onto a chain that no longer holds it")
        #expect(anchor.heldBack?.contains("cut off") == true || anchor.heldBack?.contains("another entry") == true, "\(anchor.heldBack ?? "")")
        let after = try await Archive.verify(writer, blobs: materials.blobs, anchor: anchor)
        #expect(after.firstBroken?.reason.contains(anchor.path) == true, "\(String(describing: after.firstBroken))")
        let refused = try await Archive.anchor(writer, blobs: materials.blobs, anchor: anchor, signingKey: nil)
        guard case .refused(let reason) = refused else { Issue.record("anchored a cut chain: \(refused)"); return }
        #expect(reason.contains(anchor.path), "\(reason)")
        #expect(try anchor.read() == head)

        // Nor does a backup: it carries the hall's own anchor, which accuses the copy as it does the hall.
        let staging = dir + "-backup"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let manifest = try HallBackup.take(dataDirectory: dir, into: staging, at: now)
        let staged = ArchiveAnchor(besideDatabase: staging + "/onevisit.sqlite")
        let stagedHead = try staged.read()
        #expect(manifest.anchorMissing == nil && stagedHead == head, "no anchor made from the copy's chain")
        let copy = try DatabasePool(path: staging + "/onevisit.sqlite")
        let restored = try await Archive.verify(copy, blobs: BlobStore(directory: staging + "/materials"), anchor: staged)
        #expect(restored.firstBroken?.reason.contains(staged.path) == true, "\(String(describing: restored.firstBroken))")
        try copy.close()

        // A backup of a hall whose anchor is ahead of its chain holds none, and says why.
        try await writer.write { db in try db.execute(sql: "DELETE FROM archiveEntry WHERE sequence > 1") }
        let ahead = dir + "-backup-ahead"
        try FileManager.default.createDirectory(atPath: ahead, withIntermediateDirectories: true)
        let aheadManifest = try HallBackup.take(dataDirectory: dir, into: ahead, at: now)
        #expect(aheadManifest.anchorMissing?.contains("cut off") == true, "\(aheadManifest)")
        #expect(!FileManager.default.fileExists(atPath: ahead + "/" + ArchiveAnchor.fileName))
    }

    @Test func aMissingAnchorIsNeverWrittenFromTheDatabaseOnlyByHand() async throws {
        let (dir, writer, cases, materials) = try hall()
        let anchor = ArchiveAnchor(besideDatabase: dir + "/onevisit.sqlite")
        _ = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4")
        let c = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4")
        _ = try await materials.attach(page(1), case: c.number, material: "resident-id-card", by: "s4", at: now)
        try FileManager.default.removeItem(atPath: anchor.path)
        let missing = try await Archive.verify(writer, blobs: materials.blobs, anchor: anchor)
        #expect(missing.firstBroken?.kind == "anchor" && missing.firstBroken?.reason.contains("no anchor") == true)
        // A start, then more archived work: still no anchor, or whoever deleted it would have a fresh one.
        #expect(try await Archive.anchorHeldBack(writer)?.contains("no anchor") == true)
        _ = try await materials.attach(page(2), case: c.number, material: "resident-id-card", by: "s4", at: now)
        let none = try anchor.read()
        #expect(none == nil && anchor.heldBack?.contains("no anchor") == true)

        // By hand: the chain and its pages are checked, then anchored at its end.
        let outcome = try await Archive.anchor(writer, blobs: materials.blobs, anchor: anchor, signingKey: nil)
        let last = try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM archiveEntry") }
        guard case .anchored(let head) = outcome else { Issue.record("\(outcome)"); return }
        let written = try anchor.read()
        #expect(head.sequence == last && written == head)
        #expect(try await Archive.verify(writer, blobs: materials.blobs, anchor: anchor).firstBroken == nil)
        // From there the anchor follows again.
        _ = try await materials.attach(page(3), case: c.number, material: "resident-id-card", by: "s4", at: now)
        let followed = try anchor.read()
        #expect(followed?.sequence == head.sequence + 1 && anchor.heldBack == nil)
        #expect(try await Archive.anchorHeldBack(writer) == nil)
    }

    @Test func aHeadFromADailyReportCatchesWhatTheAnchorFileNoLongerCan() async throws {
        let (dir, writer, cases, materials) = try hall()
        let anchor = ArchiveAnchor(besideDatabase: dir + "/onevisit.sqlite")
        for _ in 0..<4 { _ = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4") }
        let heads = try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, hash FROM archiveEntry ORDER BY sequence").map { ArchiveAnchor.Head(sequence: $0["sequence"], hash: $0["hash"]) }
        }
        #expect(try await Archive.verify(writer, blobs: materials.blobs, anchor: anchor, reported: [heads[1], heads[3]]).firstBroken == nil)
        let wrong = ArchiveAnchor.Head(sequence: 3, hash: String(repeating: "0", count: 64))
        let differs = try #require(try await Archive.verify(writer, blobs: materials.blobs, reported: [wrong]).firstBroken)
        #expect(differs.sequence == 3 && differs.reason.contains("reported head 3:"), "\(differs)")

        // Cut, with the anchor file rewritten to match: only the report still knows.
        try await writer.write { db in
            try db.execute(sql: "DROP TRIGGER archiveEntry_no_delete")
            try db.execute(sql: "DELETE FROM archiveEntry WHERE sequence = 4")
        }
        try anchor.write(heads[2])
        #expect(try await Archive.verify(writer, blobs: materials.blobs, anchor: anchor).firstBroken == nil)
        let cut = try #require(try await Archive.verify(writer, blobs: materials.blobs, anchor: anchor, reported: [heads[3]]).firstBroken)
        #expect(cut.kind == "report" && cut.subject == "4:\(heads[3].hash)" && cut.reason.contains("cut off"), "\(cut)")
    }
}
