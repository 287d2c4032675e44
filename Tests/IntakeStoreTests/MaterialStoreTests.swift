import Foundation
import HallServer
import IntakeCore
import IntakeStore
import Testing

@Suite(.timeLimit(.minutes(5)))
/// Pages of a case's materials on a real database file and folder: attach, remove with a
/// reason, replace, numbering, the checklist line, and the archive over all of it.
struct MaterialStoreTests {
    static let catalog = try! HallFiles.loadCatalog(path: nil)
    let day = CivilDay("2026-09-24")!
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func stores() throws -> (CaseStore, MaterialStore, ServiceCase) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-pages-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let writer = try HallDatabase.open(path: dir + "/onevisit.sqlite")
        return (CaseStore(writer: writer), MaterialStore(writer: writer, blobs: BlobStore(directory: dir + "/materials")), try ServiceCase.open(
            CaseRequest(bundleID: "newborn"), id: "x", number: "x", at: now, catalog: Self.catalog))
    }

    func page(_ n: UInt8) -> CapturedPage { CapturedPage(jpeg: [0xFF, 0xD8, n, 0xFF, 0xD9], width: 10, height: 10, device: "test") }

    @Test func removeReplaceAndNumbering() async throws {
        let (cases, materials, _) = try stores()
        let c = try await cases.open(CaseRequest(bundleID: "newborn"), at: now, day: day, catalog: Self.catalog, by: "s4")
        let (p1, _) = try await materials.attach(page(1), case: c.number, material: "resident-id-card", by: "s4", at: now)
        let (p2, after2) = try await materials.attach(page(2), case: c.number, material: "resident-id-card", by: "s4", at: now)
        #expect(p1.pageNumber == 1 && p2.pageNumber == 2)
        #expect(after2.materials.first { $0.materialID == "resident-id-card" }?.status == .present)
        // The same content twice is one file.
        _ = try await materials.attach(page(2), case: c.number, material: "marriage-certificate", by: "s4", at: now)
        #expect(materials.blobs.isIntact(p2.sha256))

        let (removed, afterRemove) = try await materials.remove(page: p1.id, reason: "拍摄模糊", by: "s4", at: now)
        #expect(removed.state == .removed && removed.note == "拍摄模糊")
        #expect(afterRemove.materials.first { $0.materialID == "resident-id-card" }?.status == .present, "one page is left")
        await #expect(throws: CaseStoreError.self) { try await materials.remove(page: p1.id, reason: "again", by: "s4", at: now) }
        await #expect(throws: CaseStoreError.self) { try await materials.remove(page: p2.id, reason: " ", by: "s4", at: now) }

        let (p3, _) = try await materials.attach(page(3), case: c.number, material: "resident-id-card", by: "s4", at: now)
        #expect(p3.pageNumber == 3, "numbers are never reused")
        let (p4, _) = try await materials.attach(page(4), case: c.number, material: "resident-id-card", by: "s4", at: now, replacing: p2.id)
        #expect(p4.pageNumber == 2)
        let all = try await materials.pages(caseID: c.id, includingRemoved: true)
        #expect(all.first { $0.id == p2.id }?.state == .replaced && all.first { $0.id == p2.id }?.replacedBy == p4.id)

        // Last page gone before acceptance: the line is missing again, with the reason.
        _ = try await materials.remove(page: p3.id, reason: "错页", by: "s4", at: now)
        let (_, empty) = try await materials.remove(page: p4.id, reason: "非本人证件", by: "s4", at: now)
        #expect(empty.materials.first { $0.materialID == "resident-id-card" }?.status == .missing)
        #expect(empty.materials.first { $0.materialID == "resident-id-card" }?.note == "页面已移除：非本人证件")

        let verification = try await Archive.verify(materials.writer, blobs: materials.blobs)
        #expect(verification.firstBroken == nil && verification.pages == 5)
    }

    @Test func flawedLinesAndClosedCasesAreLeftAlone() async throws {
        let (cases, materials, _) = try stores()
        let c = try await cases.open(CaseRequest(itemID: "social-security-card-application"), at: now, day: day, catalog: Self.catalog, by: "s4")
        let ctx = CaseTransitions.Context(now: now, today: day, by: "s4", calendar: WorkingCalendar())
        _ = try await cases.act(number: c.number, .checkMaterials([MaterialCheck(materialID: "resident-id-card", status: .flawed, note: "已过期")]), context: ctx)
        let (_, flawed) = try await materials.attach(page(9), case: c.number, material: "resident-id-card", by: "s4", at: now)
        #expect(flawed.materials.first?.status == .flawed, "a page of an expired card does not make it right")
        _ = try await cases.act(number: c.number, .withdraw(reason: "申请人撤回"), context: ctx)
        await #expect(throws: CaseStoreError.self) { try await materials.attach(page(8), case: c.number, material: "resident-id-card", by: "s4", at: now) }
    }
}
