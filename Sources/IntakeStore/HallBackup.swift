import Crypto
import Foundation
import GRDB
import IntakeCore

/// An online, consistent copy of a hall's data (issue 17; seed 004 §6.1 数据备份): the
/// database through SQLite's backup API in one step (one read transaction, so it is the state
/// of one instant while the hall keeps serving), the hall's own archive anchor read just before
/// the copy (so never newer than it; never one made from the copy's chain, which would vouch for
/// a chain cut by hand, and none when the hall's is missing or ahead), and the stored
/// page files, which are named by their hash and never change. ``restore(from:into:)`` puts a
/// copy into a new data directory and checks it (`PRAGMA integrity_check`, the archive chain
/// against its anchor) before it says it is done.
public enum HallBackup {
    public static let databaseName = "onevisit.sqlite"
    public static let materialsName = "materials"

    /// What a backup holds, as `manifest.json` beside the copy.
    public struct Manifest: Codable, Sendable, Equatable {
        public var takenAt: Date
        public var tickets: Int
        public var cases: Int
        public var archiveEntries: Int
        public var pages: Int
        public var databaseBytes: Int
        /// Why the backup holds no anchor (the hall's own is missing, unreadable, or ahead of the
        /// copy: a cut chain); nil when it holds the hall's anchor.
        public var anchorMissing: String?
    }

    public enum Failure: Error, CustomStringConvertible {
        case noDatabase(String)
        case notEmpty(String)
        case damaged(String)

        public var description: String {
            switch self {
            case .noDatabase(let path): "no hall database at \(path)"
            case .notEmpty(let dir): "\(dir) is not empty: restore into a new data directory"
            case .damaged(let why): "the backup does not hold: \(why)"
            }
        }
    }

    /// Copies the hall in `dataDirectory` into the empty directory `staging`.
    public static func take(dataDirectory: String, into staging: String, at now: Date) throws -> Manifest {
        let source = dataDirectory + "/" + databaseName
        guard FileManager.default.fileExists(atPath: source) else { throw Failure.noDatabase(source) }
        var readOnly = Configuration()
        readOnly.readonly = true
        // Read before the copy, so the copy holds at least the entry this anchor vouches for.
        let liveAnchor = try? ArchiveAnchor(besideDatabase: source).read()
        let live = try DatabasePool(path: source, configuration: readOnly)
        let copyPath = staging + "/" + databaseName
        let copy = try DatabaseQueue(path: copyPath)
        try live.backup(to: copy)
        try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        let counts = try copy.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM ticket") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM serviceCase") ?? 0,
             try ArchiveEntry.order(Column("sequence").desc).fetchOne(db))
        }
        // The hall's own anchor, signed or not, when it vouches for an entry the copy holds. An
        // anchor is never made here from the copy's chain: that would vouch for a chain cut or
        // rewritten by hand, and the restore's check would pass on it.
        var anchorMissing: String?
        if let head = counts.2 {
            if let anchor = liveAnchor, anchor.sequence <= head.sequence {
                try ArchiveAnchor(path: staging + "/" + ArchiveAnchor.fileName).write(anchor)
            } else if let anchor = liveAnchor {
                anchorMissing = "the hall's anchor vouches for entry \(anchor.sequence), but its database ends at \(head.sequence): entries were cut off"
            } else {
                anchorMissing = "the hall has no readable archive anchor (\(ArchiveAnchor(besideDatabase: source).path))"
            }
        }
        let pages = try copyFiles(from: dataDirectory + "/" + materialsName, to: staging + "/" + materialsName)
        let size = ((try? FileManager.default.attributesOfItem(atPath: copyPath))?[.size] as? Int) ?? 0
        let manifest = Manifest(takenAt: now, tickets: counts.0, cases: counts.1, archiveEntries: Int(counts.2?.sequence ?? 0),
                                pages: pages, databaseBytes: size, anchorMissing: anchorMissing)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: staging + "/manifest.json"))
        return manifest
    }

    /// Moves an unpacked backup in `staging` into the new data directory `dataDirectory` and
    /// checks it: the database's integrity and the archive against its anchor and pages.
    /// With `publicKey`, the restored anchor must be signed by the hall key.
    public static func restore(from staging: String, into dataDirectory: String,
                               publicKey: Curve25519.Signing.PublicKey? = nil) async throws -> Archive.Verification {
        let fm = FileManager.default
        if fm.fileExists(atPath: dataDirectory), !((try? fm.contentsOfDirectory(atPath: dataDirectory)) ?? []).isEmpty {
            throw Failure.notEmpty(dataDirectory)
        }
        guard fm.fileExists(atPath: staging + "/" + databaseName) else { throw Failure.damaged("it has no \(databaseName)") }
        try fm.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: staging) where name != "manifest.json" {
            try fm.copyItem(atPath: staging + "/" + name, toPath: dataDirectory + "/" + name)
        }
        let path = dataDirectory + "/" + databaseName
        let pool = try DatabasePool(path: path)
        let integrity = try await pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        guard integrity == ["ok"] else { throw Failure.damaged("integrity_check: " + integrity.prefix(5).joined(separator: "; ")) }
        let verification = try await Archive.verify(pool, blobs: BlobStore(directory: dataDirectory + "/" + materialsName),
                                                    anchor: ArchiveAnchor(besideDatabase: path), publicKey: publicKey)
        if let broken = verification.firstBroken { throw Failure.damaged("archive entry \(broken.sequence): \(broken.reason)") }
        return verification
    }

    /// Copies every file under `from` (none when it is absent), returning how many.
    static func copyFiles(from: String, to: String) throws -> Int {
        let fm = FileManager.default
        guard let names = fm.enumerator(atPath: from) else { return 0 }
        var count = 0
        try fm.createDirectory(atPath: to, withIntermediateDirectories: true)
        while let name = names.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: from + "/" + name, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                try fm.createDirectory(atPath: to + "/" + name, withIntermediateDirectories: true)
            } else {
                try fm.copyItem(atPath: from + "/" + name, toPath: to + "/" + name)
                count += 1
            }
        }
        return count
    }
}
