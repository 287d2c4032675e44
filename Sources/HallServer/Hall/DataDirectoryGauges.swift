import Foundation
import IntakeStore
import Metrics

/// The data directory as the technician sees it (issue 17: disk usage, WAL size, the last
/// backup's age): read when asked, so it is never stale.
public struct DataDirectoryStatus: Codable, Sendable, Equatable {
    public var freeBytes: Int64?
    public var databaseBytes: Int64
    public var walBytes: Int64
    /// When `onevisit backup` last wrote `last-backup.json`, its file and size; nil when never.
    public var lastBackupAt: Date?
    public var lastBackupFile: String?
    public var lastBackupBytes: Int64?
    public var lastBackupAgeSeconds: Double?
    /// Why the archive anchor no longer follows the chain (``ArchiveAnchor/heldBack``); nil while it does.
    public var archiveAnchorHeldBack: String?

    public static func read(_ dataDirectory: String, now: Date) -> DataDirectoryStatus {
        let fm = FileManager.default
        func size(_ name: String) -> Int64 { ((try? fm.attributesOfItem(atPath: dataDirectory + "/" + name))?[.size] as? NSNumber)?.int64Value ?? 0 }
        let note = fm.contents(atPath: dataDirectory + "/last-backup.json").flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        let at = (note?["at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
        return DataDirectoryStatus(
            freeBytes: ((try? fm.attributesOfFileSystem(forPath: dataDirectory))?[.systemFreeSize] as? NSNumber)?.int64Value,
            databaseBytes: size("onevisit.sqlite"), walBytes: size("onevisit.sqlite-wal"),
            lastBackupAt: at, lastBackupFile: note?["file"] as? String, lastBackupBytes: (note?["bytes"] as? NSNumber)?.int64Value,
            lastBackupAgeSeconds: at.map { now.timeIntervalSince($0) },
            archiveAnchorHeldBack: ArchiveAnchor(besideDatabase: dataDirectory + "/onevisit.sqlite").heldBack)
    }
}

/// The same for `/metrics`, recorded at each scrape: free bytes on the data disk, the database
/// and its WAL, and the seconds since the last backup (+Inf when there never was one, so an
/// alert on its age fires), and 1 while the archive anchor is held back.
struct DataDirectoryGauges: Sendable {
    let dataDirectory: String
    private let free = Gauge(label: "onevisit_data_disk_free_bytes")
    private let database = Gauge(label: "onevisit_database_bytes")
    private let wal = Gauge(label: "onevisit_database_wal_bytes")
    private let backupAge = Gauge(label: "onevisit_last_backup_age_seconds")
    private let anchorHeld = Gauge(label: "onevisit_archive_anchor_held_back")

    init(dataDirectory: String) { self.dataDirectory = dataDirectory }

    func update(now: Date) {
        let status = DataDirectoryStatus.read(dataDirectory, now: now)
        if let bytes = status.freeBytes { free.record(Double(bytes)) }
        database.record(Double(status.databaseBytes))
        wal.record(Double(status.walBytes))
        backupAge.record(status.lastBackupAgeSeconds ?? .infinity)
        anchorHeld.record(status.archiveAnchorHeldBack == nil ? 0 : 1)
    }
}
