import Foundation
import GRDB
import HallServer
import IntakeCore
import IntakeStore
import Testing

/// The archive anchored outside the database (issue 17, R4 archive): every committed entry
/// moves `archive.anchor`; a chain cut short or rewritten no longer matches it.
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
    }

    @Test func aMissingAnchorIsWrittenAtStartAndAMissingOneFailsTheCheck() async throws {
        let (dir, writer, cases, materials) = try hall()
        let anchor = ArchiveAnchor(besideDatabase: dir + "/onevisit.sqlite")
        _ = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4")
        let c = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4")
        _ = try await materials.attach(page(1), case: c.number, material: "resident-id-card", by: "s4", at: now)
        try FileManager.default.removeItem(atPath: anchor.path)
        let missing = try await Archive.verify(writer, blobs: materials.blobs, anchor: anchor)
        #expect(missing.firstBroken?.kind == "anchor" && missing.firstBroken?.reason.contains("no anchor") == true)
        let written = try #require(try await Archive.anchorIfMissing(writer))
        #expect(try anchor.read() == written)
        #expect(try await Archive.anchorIfMissing(writer) == nil, "an existing anchor is never replaced from the database")
        #expect(try await Archive.verify(writer, blobs: materials.blobs, anchor: anchor).firstBroken == nil)
    }
}
