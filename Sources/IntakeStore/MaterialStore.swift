import Foundation
import GRDB
import IntakeCore

extension MaterialPage: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "materialPage" }
}

/// A captured page as the window hands it to the store.
public struct CapturedPage: Sendable {
    public var jpeg: [UInt8]
    public var width: Int
    public var height: Int
    public var device: String

    public init(jpeg: [UInt8], width: Int, height: Int, device: String) {
        self.jpeg = jpeg; self.width = width; self.height = height; self.device = device
    }
}

/// Pages of a case's materials: the file first (content-addressed, flushed), then in one
/// transaction the page row, the checklist line, the case event and the archive entry.
public struct MaterialStore: Sendable {
    public let writer: any DatabaseWriter
    public let blobs: BlobStore
    private let makeID: @Sendable () -> String

    public init(writer: any DatabaseWriter, blobs: BlobStore, makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.writer = writer; self.blobs = blobs; self.makeID = makeID
    }

    /// Attaches a page to a material of a case (replacing `replacing` when given).
    public func attach(_ page: CapturedPage, case number: String, material: String, by clerk: String, at now: Date,
                       replacing: String? = nil) async throws(CaseStoreError) -> (MaterialPage, ServiceCase) {
        let sha: String
        do { sha = try blobs.write(page.jpeg) } catch { throw .storage("cannot store the page: \(error)") }
        let id = makeID()
        return try await run { db in
            guard var c = try ServiceCase.filter(Column("number") == number).fetchOne(db) else { throw CaseStoreError.notFound(number) }
            guard let line = c.materials.firstIndex(where: { $0.materialID == material }) else {
                throw CaseStoreError.refused(.unknownMaterial(material))
            }
            guard !c.state.isFinal else { throw CaseStoreError.refused(.notAllowed(action: "capture", state: c.state)) }
            var old: MaterialPage?
            if let replacing {
                guard var o = try MaterialPage.fetchOne(db, key: replacing), o.caseID == c.id, o.materialID == material, o.state == .active else {
                    throw CaseStoreError.refused(.unknownMaterial("page \(replacing) of \(material)"))
                }
                o.state = .replaced
                o.replacedBy = id
                try o.update(db)
                old = o
            }
            let active = try MaterialPage.filter(Column("caseID") == c.id && Column("materialID") == material && Column("state") == "active").fetchCount(db)
            let last = try Int.fetchOne(db, sql: "SELECT max(pageNumber) FROM materialPage WHERE caseID = ? AND materialID = ?", arguments: [c.id, material]) ?? 0
            let stored = MaterialPage(id: id, caseID: c.id, caseNumber: c.number, materialID: material, pageNumber: old?.pageNumber ?? last + 1,
                                      sha256: sha, size: page.jpeg.count, width: page.width, height: page.height, capturedAt: now,
                                      device: page.device, clerk: clerk)
            try stored.insert(db)
            // A page on file ticks a line not yet checked or missing, and only before acceptance.
            // A flawed line stays flawed (the clerk says when it is right), and a pledge is
            // kept until it is supplied.
            let count = active + (old == nil ? 1 : 0)
            if [.received, .awaitingCorrection].contains(c.state), [.pending, .missing].contains(c.materials[line].status) {
                c.materials[line].status = .present
            }
            if c.materials[line].status == .present { c.materials[line].note = "\(count) 页" }
            try c.update(db)
            try CaseEvent(caseID: c.id, action: old == nil ? "capture" : "replace-page", from: c.state, to: c.state, by: clerk, at: now,
                          detail: "\(material) p.\(stored.pageNumber)").insert(db)
            try Archive.append(db, kind: "page.stored", subject: c.number, facts: [
                "page": id, "material": material, "sha256": sha, "size": String(page.jpeg.count), "width": String(page.width),
                "height": String(page.height), "device": page.device, "clerk": clerk, "replaces": replacing ?? ""], at: now)
            return (stored, c)
        }
    }

    /// Takes a page off its material, with the reason; the file and the row stay.
    public func remove(page id: String, reason: String, by clerk: String, at now: Date) async throws(CaseStoreError) -> (MaterialPage, ServiceCase) {
        guard !reason.allSatisfy(\.isWhitespace) else { throw .refused(.emptyText("reason")) }
        return try await run { db in
            guard var page = try MaterialPage.fetchOne(db, key: id) else { throw CaseStoreError.notFound("page \(id)") }
            guard var c = try ServiceCase.fetchOne(db, key: page.caseID) else { throw CaseStoreError.notFound(page.caseNumber) }
            guard page.state == .active else { throw CaseStoreError.refused(.notAllowed(action: "remove a \(page.state.rawValue) page", state: c.state)) }
            guard !c.state.isFinal else { throw CaseStoreError.refused(.notAllowed(action: "remove-page", state: c.state)) }
            page.state = .removed
            page.note = reason
            try page.update(db)
            let left = try MaterialPage.filter(Column("caseID") == c.id && Column("materialID") == page.materialID && Column("state") == "active").fetchCount(db)
            if let line = c.materials.firstIndex(where: { $0.materialID == page.materialID }), c.materials[line].status == .present {
                // Before acceptance the line goes back to missing with its last page; after it,
                // what was accepted stays accepted and the removal is on record.
                if left == 0 && [.received, .awaitingCorrection].contains(c.state) { c.materials[line].status = .missing }
                c.materials[line].note = left == 0 ? "页面已移除：\(reason)" : "\(left) 页"
                try c.update(db)
            }
            try CaseEvent(caseID: c.id, action: "remove-page", from: c.state, to: c.state, by: clerk, at: now,
                          detail: "\(page.materialID) p.\(page.pageNumber): \(reason)").insert(db)
            try Archive.append(db, kind: "page.removed", subject: c.number, facts: ["page": id, "material": page.materialID, "reason": reason, "clerk": clerk], at: now)
            return (page, c)
        }
    }

    public func pages(caseID: String, includingRemoved: Bool = false) async throws -> [MaterialPage] {
        try await writer.read { db in
            var request = MaterialPage.filter(Column("caseID") == caseID)
            if !includingRemoved { request = request.filter(Column("state") == "active") }
            return try request.order(Column("materialID"), Column("pageNumber"), Column("capturedAt")).fetchAll(db)
        }
    }

    public func page(id: String) async throws -> MaterialPage? {
        try await writer.read { db in try MaterialPage.fetchOne(db, key: id) }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(CaseStoreError) -> T {
        do { return try await writer.write(body) } catch let error as CaseStoreError { throw error } catch { throw .storage(String(describing: error)) }
    }
}
