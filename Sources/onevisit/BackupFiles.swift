import Foundation

/// The files of a backup: packing with Debian's tar and gzip (no hand-written archive
/// format), durable writes, the generations in a directory, and the data directory's note
/// of the last backup (`last-backup.json`, read by the daemon's `/metrics`).
enum BackupFiles {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func stamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        // To the millisecond: two runs in one second get names of their own, in time order.
        return String(format: "%04d%02d%02d-%02d%02d%02d-%03d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, c.nanosecond! / 1_000_000)
    }

    static func temporaryDirectory(_ prefix: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return dir
    }

    /// Packs `directory` into `file` whole or not at all; returns its size.
    static func pack(_ directory: String, into file: String) throws -> Int {
        let partial = file + ".partial"
        try tar(["-C", directory, "-czf", partial, "."])
        guard let handle = FileHandle(forUpdatingAtPath: partial) else { throw Failure(description: "cannot reopen \(partial)") }
        try handle.synchronize()
        try handle.close()
        guard rename(partial, file) == 0 else { throw Failure(description: "cannot rename \(partial): \(String(cString: strerror(errno)))") }
        return ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0
    }

    static func unpack(_ file: String, into directory: String) throws {
        guard FileManager.default.fileExists(atPath: file) else { throw Failure(description: "no backup file \(file)") }
        try tar(["-C", directory, "-xzf", file, "--no-same-owner"])
    }

    private static func tar(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "tar failed: \(text.suffix(400))") }
    }

    /// The backups in a directory, newest first (their names sort by time).
    static func generations(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("onevisit-") && $0.hasSuffix(".tar.gz") }.sorted(by: >)
    }

    /// Notes the last backup in the data directory, atomically.
    static func remember(file: String, bytes: Int, at date: Date, in dataDirectory: String) throws {
        let note: [String: Any] = ["at": ISO8601DateFormatter().string(from: date), "file": file, "bytes": bytes]
        let data = try JSONSerialization.data(withJSONObject: note, options: [.sortedKeys, .withoutEscapingSlashes])
        try data.write(to: URL(fileURLWithPath: dataDirectory + "/last-backup.json"), options: .atomic)
    }
}
