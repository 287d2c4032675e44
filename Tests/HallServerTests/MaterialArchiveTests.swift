import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

/// The real daemon with `--simulate`: a clerk captures pages for a 新生儿出生 case at the
/// simulated document camera, the checklist shows what is still missing, a restart keeps
/// it all, `onevisit archive verify` passes, and one flipped byte in a stored page or in
/// the database file makes it fail naming the entry; a chain cut by hand stays accused when the
/// hall serves on.
@Suite("Captured materials and the archive", .serialized, .timeLimit(.minutes(5)))
struct MaterialArchiveTests {
    static func request(_ method: HTTPMethod, _ url: String, _ body: String? = nil, as token: String?) async throws -> [String: Any] {
        let (status, object) = try await DaemonHTTP.send(method, url, body, as: token)
        guard (200..<300).contains(status) else { throw TestFailure("\(url): \(status) \(object)") }
        return object
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(3)))
    func capturedPagesSurviveARestartAndTamperingIsNamed() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-materials-\(UUID().uuidString)").path
        var daemon = DaemonProcess(dataDirectory: dir, simulate: true)
        try await daemon.start()
        let clerk = try await CLIUser.login("clerk4", at: daemon), technician = try await CLIUser.login("technician1", at: daemon)
        let other = try await CLIUser.login("clerk7", at: daemon)
        func cli(_ arguments: [String], status: Int32 = 0) async throws -> String { try await clerk.expect(arguments, status: status) }
        func offline(_ arguments: [String], status: Int32 = 0) async throws -> String {
            let result = try await runProgram(CLIUser.binary, arguments)
            #expect(result.status == status, "onevisit \(arguments.joined(separator: " ")): \(result.output)")
            return result.output
        }
        let token = try clerk.token
        _ = try await cli(["window", "sign-in", "4"])
        _ = try await other.expect(["window", "sign-in", "7"])
        let ticket = try await Self.request(.POST, daemon.baseURL + "/api/v1/tickets", #"{"bundle": "newborn"}"#, as: nil)
        _ = try await Self.request(.POST, daemon.baseURL + "/api/v1/windows/4/call-next", as: token)
        let opened = try await Self.request(.POST, daemon.baseURL + "/api/v1/cases", #"{"ticketID": "\#(ticket["id"] as! String)"}"#, as: token)
        let number = try #require(opened["number"] as? String)

        // Both sides of the ID cards and the marriage certificate, each laid under the camera first.
        for (material, title) in [("resident-id-card", "居民身份证 正面"), ("resident-id-card", "居民身份证 反面"), ("marriage-certificate", "结婚证")] {
            _ = try await technician.expect(["simulate", "camera", "4", "--title", title, "--line", "模拟材料 \(number)"])
            let captured = try await cli(["case", "capture", number, material])
            #expect(captured.contains("1240×1754"), "\(captured)")
        }
        let shown = try await cli(["case", "show", number])
        #expect(shown.contains("夫妻双方身份证=present") && shown.contains("夫妻双方结婚证=present"), "\(shown)")
        #expect(shown.contains("民族成份确认书(非主要)=pending"), "the one not captured stays open: \(shown)")
        #expect(shown.contains("夫妻双方户口簿=dataSharing") && shown.contains("出生医学证明=producedInBundle"))
        let incomplete = try await cli(["case", "accept", number], status: 1)
        #expect(incomplete.contains("materials not complete: 民族成份确认书"), "the rest is still missing: \(incomplete)")
        // Another window's clerk cannot capture into this case.
        let elsewhere = try await other.expect(["case", "capture", number, "marriage-certificate"], status: 1)
        #expect(elsewhere.contains("window 4") && elsewhere.contains("(forbidden)"), "\(elsewhere)")

        // A camera frame that is not a JPEG is refused and stores nothing.
        _ = try await Self.request(.POST, daemon.baseURL + "/api/v1/simulator/cameras/4", #"{"jpeg": "\#(Data("not a jpeg".utf8).base64EncodedString())"}"#,
                                   as: try technician.token)
        let bad = try await cli(["case", "capture", number, "marriage-certificate"], status: 1)
        #expect(bad.contains("not a valid JPEG"), "\(bad)")

        // A restart keeps everything.
        #expect(await daemon.stopped() == 0)
        daemon = DaemonProcess(dataDirectory: dir, simulate: true)
        try await daemon.start()
        // The session outlives the restart: it is in the hall's database.
        let pages = try await Self.request(.GET, daemon.baseURL + "/api/v1/cases/\(number)/pages", as: token)["pages"] as? [[String: Any]] ?? []
        #expect(pages.map { $0["materialID"] as? String } == ["marriage-certificate", "resident-id-card", "resident-id-card"])
        #expect(await daemon.stopped() == 0)

        let intact = try await offline(["archive", "verify", "--data-dir", dir])
        #expect(intact.contains("archive intact") && intact.contains("3 stored pages"), "\(intact)")

        // One byte of a stored page flipped: the entry that stored it is named.
        let sha = try #require(pages.first?["sha256"] as? String)
        let file = dir + "/materials/\(sha.prefix(2))/\(sha).jpg"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: file))
        let brokenFile = try await offline(["archive", "verify", "--data-dir", dir], status: 1)
        #expect(brokenFile.contains("page.stored") && brokenFile.contains(number) && brokenFile.contains(sha), "\(brokenFile)")
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: file))
        #expect(try await offline(["archive", "verify", "--data-dir", dir]).contains("archive intact"))

        // One byte of the database file flipped inside an archived fact: that entry is named.
        let database = dir + "/onevisit.sqlite"
        var raw = try Data(contentsOf: URL(fileURLWithPath: database))
        let needle = Data(#""clerk":"clerk4""#.utf8)
        let at = try #require(raw.range(of: needle))
        raw[at.upperBound - 2] = UInt8(ascii: "5")
        try raw.write(to: URL(fileURLWithPath: database))
        let brokenDB = try await offline(["archive", "verify", "--data-dir", dir], status: 1)
        #expect(brokenDB.contains("BROKEN at entry") && brokenDB.contains("hash mismatch"), "\(brokenDB)")
        raw[at.upperBound - 2] = UInt8(ascii: "4")
        try raw.write(to: URL(fileURLWithPath: database))
        #expect(try await offline(["archive", "verify", "--data-dir", dir]).contains("archive intact"))

        // The archive table truncated by hand (issue 17), its append-only trigger dropped first:
        // the chain left still links, but the anchor beside the database names the cut.
        let queue = try DatabaseQueue(path: database)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER archiveEntry_no_delete")
            try db.execute(sql: "DELETE FROM archiveEntry WHERE sequence > 2")
        }
        try queue.close()
        let cut = try await offline(["archive", "verify", "--data-dir", dir], status: 1)
        #expect(cut.contains("BROKEN against the anchor") && cut.contains(dir + "/archive.anchor") && cut.contains("cut off"), "\(cut)")

        // The hall opened again on the cut chain keeps serving, but never moves the anchor onto
        // it: the log, /metrics and the technician's page say so, and after more archived work
        // `verify` still names the cut. Only a person anchors by hand, and not onto a cut chain.
        let anchored = try String(contentsOfFile: dir + "/archive.anchor", encoding: .utf8)
        daemon = DaemonProcess(dataDirectory: dir, simulate: true)
        try await daemon.start()
        #expect(daemon.log.contains("The archive anchor no longer follows the chain") && daemon.log.contains("cut off"), "\(daemon.log)")
        let removed = try #require(pages.last?["id"] as? String)
        _ = try await Self.request(.POST, daemon.baseURL + "/api/v1/pages/\(removed)/remove", #"{"reason": "拍错了"}"#, as: token)
        #expect(try String(contentsOfFile: dir + "/archive.anchor", encoding: .utf8) == anchored, "the anchor stays where the cut left it")
        let (_, scraped) = try await DaemonHTTP.send(.GET, daemon.baseURL + "/metrics")
        #expect((scraped["body"] as? String ?? "").contains("\nonevisit_archive_anchor_held_back 1"), "\(scraped)")
        let storage = try await Self.request(.GET, daemon.baseURL + "/api/v1/storage", as: try technician.token)
        #expect((storage["archiveAnchorHeldBack"] as? String)?.contains("cut off") == true, "\(storage)")
        #expect(await daemon.stopped() == 0)
        let still = try await offline(["archive", "verify", "--data-dir", dir], status: 1)
        #expect(still.contains("BROKEN against the anchor") && still.contains("cut off"), "\(still)")
        let refused = try await offline(["archive", "anchor", "--data-dir", dir], status: 1)
        #expect(refused.contains("REFUSED") && refused.contains("cut off"), "\(refused)")
        #expect(try String(contentsOfFile: dir + "/archive.anchor", encoding: .utf8) == anchored)
    }
}
