import ArgumentParser
import Foundation
import IntakeStore

/// `onevisit backup` and `onevisit restore` (issue 17; seed 004 §6.1 数据备份): an online,
/// consistent backup of a data directory while the hall serves (``HallBackup``), packed as one
/// gzip'd tar file, written under a temporary name, synced and renamed so a file of that name
/// is always whole; with `--to-dir` and `--keep N` the nightly timer keeps N generations. The
/// data directory remembers the last backup (`last-backup.json`) for `/metrics`.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back the hall's data up while it runs: the database, the stored pages and the archive anchor.")

    @Option(help: "The daemon's data directory.") var dataDir = "onevisit-data"
    @Option(help: "Write the backup to this file (.tar.gz).") var to: String?
    @Option(help: "Or into this directory, named by the time (onevisit-YYYYMMDD-HHMMSS-mmm.tar.gz, UTC).") var toDir: String?
    @Option(help: "With --to-dir: keep this many newest backups there, removing older ones.") var keep: Int?

    func validate() throws {
        guard (to == nil) != (toDir == nil) else { throw ValidationError("give --to FILE or --to-dir DIR") }
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1") }
        if keep != nil, toDir == nil { throw ValidationError("--keep goes with --to-dir") }
    }

    func run() async throws {
        let now = Date()
        let file = to ?? (toDir! + "/onevisit-" + BackupFiles.stamp(now) + ".tar.gz")
        let staging = try BackupFiles.temporaryDirectory("onevisit-backup")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        do {
            let manifest = try HallBackup.take(dataDirectory: dataDir, into: staging, at: now)
            if let toDir { try FileManager.default.createDirectory(atPath: toDir, withIntermediateDirectories: true) }
            let bytes = try BackupFiles.pack(staging, into: file)
            try BackupFiles.remember(file: file, bytes: bytes, at: now, in: dataDir)
            print("backup \(file): \(manifest.tickets) tickets, \(manifest.cases) cases, \(manifest.archiveEntries) archive entries, "
                  + "\(manifest.pages) pages, \(bytes) bytes")
            // The backup is still taken: the data in it is worth keeping. Its restore's check fails, as it should.
            if let missing = manifest.anchorMissing {
                printError("warning: the backup holds no archive anchor: \(missing); check the hall with `onevisit archive verify`")
            }
            if let toDir, let keep {
                for old in try BackupFiles.generations(in: toDir).dropFirst(keep) {
                    try FileManager.default.removeItem(atPath: toDir + "/" + old)
                    print("removed the older backup \(old)")
                }
            }
        } catch {
            printError("onevisit backup: \(error)")
            throw ExitCode.failure
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup into a new data directory, then check its database and archive.")

    @Argument(help: "The backup file (.tar.gz) from onevisit backup.") var file: String
    @Option(help: "The new data directory (absent or empty).") var dataDir: String
    @Option(help: "The hall key's public half: the restored anchor must be signed by it.") var publicKey: String?

    func run() async throws {
        let staging = try BackupFiles.temporaryDirectory("onevisit-restore")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        do {
            try BackupFiles.unpack(file, into: staging)
            let key = try publicKey.map { try ArchiveKey.loadPublic($0) }
            let verified = try await HallBackup.restore(from: staging, into: dataDir, publicKey: key)
            print("restored into \(dataDir): integrity ok, archive intact (\(verified.entries) entries, \(verified.pages) pages), the end matches the anchor")
        } catch {
            printError("onevisit restore: \(error)")
            throw ExitCode.failure
        }
    }
}
