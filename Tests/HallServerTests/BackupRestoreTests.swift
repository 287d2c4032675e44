import Foundation
import GRDB
import TestSupport
import Testing

/// `onevisit backup` and `onevisit restore` (issue 17; seed 004 §6.1) on the real daemon
/// without `--simulate`: a backup taken while tickets are being issued as fast as four clients
/// can, restored into a new directory. Every ticket answered before the backup started is in
/// the copy, `PRAGMA integrity_check` is ok, and `onevisit archive verify` passes on it (the
/// cases opened before it are archive entries). A second restore into the same directory is
/// refused, and `--to-dir --keep` keeps the generations asked for.
@Suite("Backup and restore", .serialized, .timeLimit(.minutes(5)))
struct BackupRestoreTests {
    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
    func aBackupDuringABurstRestoresEveryAnsweredTicket() async throws {
        let dir = DaemonWithoutSimulationTests.scratch("backup")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // No rate limit on tickets: the burst comes from one address.
        try "http:\n  ticketsPerMinute: 0\nlog:\n  level: info\n".write(toFile: dir + "/onevisit.yaml", atomically: true, encoding: .utf8)
        let daemon = DaemonProcess(dataDirectory: dir, simulate: false, staff: ["clerk3", "technician1"])
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        let base = daemon.baseURL

        let (_, session) = try await DaemonHTTP.send(.POST, base + "/api/v1/session",
                                                     #"{"staffID": "clerk3", "password": "\#(daemon.password(of: "clerk3"))"}"#)
        let clerk = try #require(session["token"] as? String)
        _ = try await DaemonHTTP.send(.POST, base + "/api/v1/windows/3/sign-in", as: clerk)
        for _ in 0..<3 {
            let (status, opened) = try await DaemonHTTP.send(.POST, base + "/api/v1/cases", #"""
                {"itemID": "vaccination-certificate-issuance", "applicant": {"name": "测试", "idNumber": "11010519491231002X"}}
                """#, as: clerk)
            #expect(status == 201, "\(opened)")
        }

        // Four clients issue tickets until told to stop; the backup starts once 200 are answered.
        let answered = Answered()
        let stop = Answered()
        let clients = (0..<4).map { _ in
            Task {
                while await stop.count == 0 {
                    let (status, ticket) = try await DaemonHTTP.send(.POST, base + "/api/v1/tickets", #"{"queue": "general", "print": false}"#)
                    if status == 201, let id = ticket["id"] as? String { await answered.add(id) }
                }
            }
        }
        while await answered.count < 200 { await Task.yield() }
        let beforeBackup = await answered.ids
        let file = dir + "-backup.tar.gz"
        let backup = try await runProgram(CLIUser.binary, ["backup", "--data-dir", dir, "--to", file])
        let duringBackup = await answered.count
        await stop.add("stop")
        for client in clients { try await client.value }
        #expect(backup.status == 0, "\(backup.output)")
        #expect(duringBackup > beforeBackup.count, "tickets kept being issued while the backup ran")

        let restored = dir + "-restored"
        let restore = try await runProgram(CLIUser.binary, ["restore", file, "--data-dir", restored])
        #expect(restore.status == 0 && restore.output.contains("integrity ok"), "\(restore.output)")
        let verify = try await runProgram(CLIUser.binary, ["archive", "verify", "--data-dir", restored])
        #expect(verify.status == 0 && verify.output.contains("archive intact: 3 entries"), "\(verify.output)")

        var readOnly = Configuration()
        readOnly.readonly = true
        let copy = try DatabaseQueue(path: restored + "/onevisit.sqlite", configuration: readOnly)
        let (ids, integrity, cases) = try await copy.read { db in
            (Set(try String.fetchAll(db, sql: "SELECT id FROM ticket")), try String.fetchAll(db, sql: "PRAGMA integrity_check"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM serviceCase") ?? 0)
        }
        #expect(integrity == ["ok"] && cases == 3)
        let missing = beforeBackup.subtracting(ids)
        #expect(missing.isEmpty, "\(missing.count) tickets answered before the backup are not in it")

        // The copy is a hall: the daemon starts on it.
        let again = DaemonProcess(dataDirectory: restored, simulate: false)
        try await again.start()
        let (ready, _) = try await DaemonHTTP.send(.GET, again.baseURL + "/readyz")
        #expect(ready == 200)
        _ = await again.stopped()

        let twice = try await runProgram(CLIUser.binary, ["restore", file, "--data-dir", restored])
        #expect(twice.status != 0 && twice.output.contains("not empty"), "\(twice.output)")

        // Generations: three nightly runs with --keep 2 leave the two newest.
        let nightly = dir + "-nightly"
        var made: [String] = []
        for _ in 0..<3 {
            let run = try await runProgram(CLIUser.binary, ["backup", "--data-dir", dir, "--to-dir", nightly, "--keep", "2"])
            #expect(run.status == 0, "\(run.output)")
            made += try FileManager.default.contentsOfDirectory(atPath: nightly)
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: nightly).sorted()
        #expect(kept.count == 2 && kept == Array(Set(made)).sorted().suffix(2), "\(kept)")
        let note = try String(contentsOfFile: dir + "/last-backup.json", encoding: .utf8)
        #expect(note.contains(nightly) && note.contains("\"bytes\""))

        // /metrics tells the technician the data disk, the database, its WAL and the backup's age.
        let (_, scraped) = try await DaemonHTTP.send(.GET, base + "/metrics")
        let text = scraped["body"] as? String ?? ""
        func gauge(_ name: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        #expect((gauge("onevisit_database_bytes") ?? 0) > 0 && (gauge("onevisit_data_disk_free_bytes") ?? 0) > 0)
        #expect(gauge("onevisit_database_wal_bytes") != nil)
        let age = try #require(gauge("onevisit_last_backup_age_seconds"))
        #expect(age >= 0 && age < 300, "\(age)")

        // And so does the technician's page, through /api/v1/storage.
        let technician = try await DaemonHTTP.signIn(daemon, "technician1")
        let (status, storage) = try await DaemonHTTP.send(.GET, base + "/api/v1/storage", as: technician)
        #expect(status == 200 && (storage["lastBackupFile"] as? String)?.hasPrefix(nightly) == true, "\(storage)")
        #expect((storage["databaseBytes"] as? Int ?? 0) > 0 && (storage["lastBackupAgeSeconds"] as? Double ?? -1) >= 0)
        let (clerkStatus, _) = try await DaemonHTTP.send(.GET, base + "/api/v1/storage", as: clerk)
        #expect(clerkStatus == 403)
    }
}

/// The answered ticket ids, shared by the clients.
actor Answered {
    private(set) var ids = Set<String>()
    var count: Int { ids.count }
    func add(_ id: String) { ids.insert(id) }
}
