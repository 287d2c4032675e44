import Foundation
import Metrics

/// The data directory as `/metrics` shows it (issue 17: disk usage, WAL size, the last
/// backup's age), read at each scrape so the figures are never stale: free bytes on the data
/// disk, the database and its WAL, and the seconds since `onevisit backup` last wrote
/// `last-backup.json` (+Inf when there never was one, so an alert on age fires).
struct DataDirectoryGauges: Sendable {
    let dataDirectory: String
    private let free = Gauge(label: "onevisit_data_disk_free_bytes")
    private let database = Gauge(label: "onevisit_database_bytes")
    private let wal = Gauge(label: "onevisit_database_wal_bytes")
    private let backupAge = Gauge(label: "onevisit_last_backup_age_seconds")

    init(dataDirectory: String) { self.dataDirectory = dataDirectory }

    func update(now: Date) {
        let fm = FileManager.default
        func size(_ name: String) -> Double { Double(((try? fm.attributesOfItem(atPath: dataDirectory + "/" + name))?[.size] as? Int) ?? 0) }
        if let bytes = ((try? fm.attributesOfFileSystem(forPath: dataDirectory))?[.systemFreeSize] as? NSNumber)?.doubleValue { free.record(bytes) }
        database.record(size("onevisit.sqlite"))
        wal.record(size("onevisit.sqlite-wal"))
        backupAge.record(lastBackup().map { now.timeIntervalSince($0) } ?? .infinity)
    }

    /// When the last backup was taken, from its note in the data directory.
    func lastBackup() -> Date? {
        guard let data = FileManager.default.contents(atPath: dataDirectory + "/last-backup.json"),
              let note = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let at = note["at"] as? String else { return nil }
        return ISO8601DateFormatter().date(from: at)
    }
}
