import Foundation
import GRDB
import IntakeStore
import TestSupport
import Testing

/// The archive anchor signed with the hall key (issue 17) on the real daemon and CLI: `onevisit
/// archive key generate`, `archive.signingKey` in the daemon's file, `archive verify
/// --public-key`; a forger who rewrites the database and the anchor without the key is named;
/// the backup carries the signed anchor and never the key; a missing key leaves the hall
/// serving with unsigned anchors and says so; a key set later signs nothing until a person
/// anchors by hand (`archive anchor --signing-key`); `archive verify --head` holds the chain to
/// a daily report's head.
@Suite("The signed archive anchor", .serialized, .timeLimit(.minutes(5)))
struct SignedAnchorTests {
    func cli(_ arguments: [String], status: Int32 = 0) async throws -> String {
        let result = try await runProgram(CLIUser.binary, arguments)
        #expect(result.status == status, "onevisit \(arguments.joined(separator: " ")): \(result.output)")
        return result.output
    }

    /// Opens `count` cases at window 3, each an archive entry.
    func openCases(_ count: Int, at daemon: DaemonProcess) async throws {
        let (_, session) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/session",
                                                     #"{"staffID": "clerk3", "password": "\#(daemon.password(of: "clerk3"))"}"#)
        let clerk = try #require(session["token"] as? String)
        _ = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/windows/3/sign-in", as: clerk)
        for _ in 0..<count {
            let (status, opened) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/cases", #"""
                {"itemID": "vaccination-certificate-issuance", "applicant": {"name": "测试", "idNumber": "11010519491231002X"}}
                """#, as: clerk)
            #expect(status == 201, "\(opened)")
        }
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
    func theDaemonSignsItsAnchorsAndAForgedOneIsNamed() async throws {
        let keys = DaemonWithoutSimulationTests.scratch("hall-key")
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        let generated = try await cli(["archive", "key", "generate", "--private-key", keys + "/archive.key", "--public-key", keys + "/archive.pub"])
        let fingerprint = try #require(generated.split(separator: " ").first { $0.hasPrefix("sha256:") }.map { String($0.dropLast()) })
        let dir = try DaemonWithoutSimulationTests.scratch("signed-anchor", config: "log:\n  level: info\narchive:\n  signingKey: \(keys)/archive.key\n")
        let checked = try await cli(["config", "check", "--config", dir + "/onevisit.yaml"])
        #expect(checked.contains("ok    \(keys)/archive.key: archive signing key \(fingerprint)"), "\(checked)")

        let daemon = DaemonProcess(dataDirectory: dir, simulate: false, staff: ["clerk3"])
        try await daemon.start()
        try await openCases(3, at: daemon)
        #expect(await daemon.stopped() == 0)
        #expect(daemon.log.contains("Archive anchors are signed") && daemon.log.contains(fingerprint), "\(daemon.log)")

        let anchor = ArchiveAnchor(besideDatabase: dir + "/onevisit.sqlite")
        let signed = try #require(try anchor.read())
        #expect(signed.sequence == 3 && signed.key == fingerprint && signed.signature != nil, "\(signed)")
        let intact = try await cli(["archive", "verify", "--data-dir", dir, "--public-key", keys + "/archive.pub"])
        #expect(intact.contains("archive intact: 3 entries") && intact.contains("signed by the hall key \(fingerprint)"), "\(intact)")

        // The backup keeps the hall's signed anchor, and holds no key.
        let file = dir + "-backup.tar.gz", restored = dir + "-restored"
        _ = try await cli(["backup", "--data-dir", dir, "--to", file])
        let listing = try await runProgram("/usr/bin/tar", ["-tzf", file])
        #expect(listing.output.contains("archive.anchor") && !listing.output.contains(".key"), "\(listing.output)")
        _ = try await cli(["restore", file, "--data-dir", restored, "--public-key", keys + "/archive.pub"])
        _ = try await cli(["archive", "verify", "--data-dir", restored, "--public-key", keys + "/archive.pub"])

        // A forger with write access to the data directory but not the key: the last entry cut,
        // and the anchor rewritten to match the shorter chain.
        let writer = try DatabasePool(path: dir + "/onevisit.sqlite")
        let shorter = try await writer.write { db in
            try db.execute(sql: "DROP TRIGGER archiveEntry_no_delete")
            try db.execute(sql: "DELETE FROM archiveEntry WHERE sequence = 3")
            return ArchiveAnchor.Head(sequence: 2, hash: try String.fetchOne(db, sql: "SELECT hash FROM archiveEntry WHERE sequence = 2") ?? "")
        }
        try writer.close()
        try anchor.write(shorter)
        #expect(try await cli(["archive", "verify", "--data-dir", dir]).contains("archive intact: 2 entries"),
                "without the public key the forgery passes: what the key is for")
        let forged = try await cli(["archive", "verify", "--data-dir", dir, "--public-key", keys + "/archive.pub"], status: 1)
        #expect(forged.contains("BROKEN against the anchor \(anchor.path)") && forged.contains("is not signed"), "\(forged)")

        // The hall's signature copied onto the forged head does not hold either.
        try anchor.write(ArchiveAnchor.Head(sequence: 2, hash: shorter.hash, signature: signed.signature, key: signed.key))
        let copied = try await cli(["archive", "verify", "--data-dir", dir, "--public-key", keys + "/archive.pub"], status: 1)
        #expect(copied.contains("BROKEN against the anchor") && copied.contains("forged or changed"), "\(copied)")
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
    func aMissingKeyLeavesTheHallServingWithUnsignedAnchors() async throws {
        let missing = DaemonWithoutSimulationTests.scratch("no-key") + "/archive.key"
        let dir = try DaemonWithoutSimulationTests.scratch("unsigned-anchor", config: "log:\n  level: info\narchive:\n  signingKey: \(missing)\n")
        let checked = try await cli(["config", "check", "--config", dir + "/onevisit.yaml"], status: 1)
        #expect(checked.contains("ERROR \(missing): archive.signingKey: cannot read"), "\(checked)")

        let daemon = DaemonProcess(dataDirectory: dir, simulate: false, staff: ["clerk3"])
        try await daemon.start()
        try await openCases(2, at: daemon)
        #expect(await daemon.stopped() == 0)
        let line = daemon.log.split(separator: "\n").first { $0.contains("Archive anchors are written UNSIGNED") }
        #expect(line?.contains(missing) == true && line?.contains("cannot read") == true, "\(daemon.log)")
        #expect(!daemon.log.contains("测试") && !daemon.log.contains("11010519491231002X"), "no applicant in the log")

        let head = try #require(try ArchiveAnchor(besideDatabase: dir + "/onevisit.sqlite").read())
        #expect(head.sequence == 2 && head.signature == nil)
        #expect(try await cli(["archive", "verify", "--data-dir", dir]).contains("archive intact: 2 entries"))
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
    func aKeySetLaterSignsOnlyOnceATechnicianAnchorsByHand() async throws {
        let keys = DaemonWithoutSimulationTests.scratch("later-key")
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        _ = try await cli(["archive", "key", "generate", "--private-key", keys + "/archive.key", "--public-key", keys + "/archive.pub"])
        let dir = try DaemonWithoutSimulationTests.scratch("later-key-hall", config: "log:\n  level: info\n")
        var daemon = DaemonProcess(dataDirectory: dir, simulate: false, staff: ["clerk3"])
        try await daemon.start()
        try await openCases(2, at: daemon)
        #expect(await daemon.stopped() == 0)
        let anchor = ArchiveAnchor(besideDatabase: dir + "/onevisit.sqlite")
        let unsigned = try #require(try anchor.read())
        #expect(unsigned.sequence == 2 && unsigned.signature == nil)

        // The key set: the daemon says at start that the unsigned anchor is held, and signs nothing.
        try "log:\n  level: info\narchive:\n  signingKey: \(keys)/archive.key\n".write(toFile: dir + "/onevisit.yaml", atomically: true, encoding: .utf8)
        daemon = DaemonProcess(dataDirectory: dir, simulate: false)
        try await daemon.start()
        try await openCases(1, at: daemon)
        #expect(await daemon.stopped() == 0)
        let held = daemon.log.split(separator: "\n").first { $0.contains("The archive anchor no longer follows the chain") }
        #expect(held?.contains("not signed") == true && held?.contains("onevisit archive anchor") == true, "\(daemon.log)")
        #expect(try anchor.read() == unsigned, "an unsigned head is never signed by the daemon on its own")
        _ = try await cli(["archive", "verify", "--data-dir", dir, "--public-key", keys + "/archive.pub"], status: 1)

        // By hand: an unsigned anchor is what a forger writes, so signing over it takes the flag,
        // and the chain is checked against a report's head too; then signed at the chain's end,
        // and from there the daemon follows and signs.
        let refused = try await cli(["archive", "anchor", "--data-dir", dir, "--signing-key", keys + "/archive.key"], status: 1)
        #expect(refused.contains("REFUSED") && refused.contains("not signed") && refused.contains("--replace-unvouched"), "\(refused)")
        #expect(try anchor.read() == unsigned)
        let anchored = try await cli(["archive", "anchor", "--data-dir", dir, "--signing-key", keys + "/archive.key", "--replace-unvouched",
                                      "--head", "\(unsigned.sequence):\(unsigned.hash)"])
        #expect(anchored.contains("anchored at entry 3") && anchored.contains("signed by sha256:"), "\(anchored)")
        daemon = DaemonProcess(dataDirectory: dir, simulate: false)
        try await daemon.start()
        try await openCases(1, at: daemon)
        #expect(await daemon.stopped() == 0)
        #expect(!daemon.log.contains("no longer follows"), "\(daemon.log)")
        let signed = try #require(try anchor.read())
        #expect(signed.sequence == 4 && signed.signature != nil, "\(signed)")
        _ = try await cli(["archive", "verify", "--data-dir", dir, "--public-key", keys + "/archive.pub"])

        // A daily report's head, as its CSV and page print it: held, one past the end, and malformed.
        let head = "\(signed.sequence):\(signed.hash)"
        #expect(try await cli(["archive", "verify", "--data-dir", dir, "--head", head]).contains("holds the reported head 4"))
        let beyond = try await cli(["archive", "verify", "--data-dir", dir, "--head", "5:\(signed.hash)"], status: 1)
        #expect(beyond.contains("BROKEN against the reported head 5:") && beyond.contains("cut off"), "\(beyond)")
        let malformed = try await cli(["archive", "verify", "--data-dir", dir, "--head", "4"], status: 2)
        #expect(malformed.contains("expected SEQUENCE:HASH"), "\(malformed)")
    }
}
