import Foundation
import Synchronization
import TestSupport
import Testing

/// A full disk under the real daemon (the brief: bad input of every kind, "a full disk",
/// gets a clear error and loses nothing already accepted). The data directory is a small
/// tmpfs of its own, filled to the last few pages; tickets are taken until the disk refuses
/// one. That refusal is a 503 `storage_unavailable`, reads go on, every ticket answered
/// before is there, and once space is freed tickets are issued again, numbered on.
@Suite("A full disk under the real daemon", .serialized, .timeLimit(.minutes(5)))
struct DiskFullTests {
    /// A tmpfs of `megabytes` at a new directory, mounted as root or through `sudo -n`.
    struct SmallDisk {
        let path: String

        init(megabytes: Int) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-full-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            // Owned by the test's user, who runs the daemon, when the mount goes through sudo.
            try Self.asRoot(["mount", "-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700,uid=\(getuid()),gid=\(getgid())", "tmpfs", path])
        }

        func unmount() {
            guard (try? Self.asRoot(["umount", path])) != nil else { return }
            try? FileManager.default.removeItem(atPath: path)
        }

        var freeBytes: Int {
            ((try? FileManager.default.attributesOfFileSystem(forPath: path))?[.systemFreeSize] as? NSNumber)?.intValue ?? 0
        }

        static func asRoot(_ command: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: getuid() == 0 ? "/usr/bin/env" : "/usr/bin/sudo")
            process.arguments = getuid() == 0 ? command : ["-n"] + command
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                let why = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw TestFailure("\(command.joined(separator: " ")) failed (needs root or sudo; or opt out: ONEVISIT_TEST_WITHOUT=tmpfs): \(why)")
            }
        }
    }

    /// One answer to a kiosk: the status, and the ticket or the error it carried.
    struct Answer: Sendable {
        var status: Int
        var id = "?", number = "?", day = "?", code: String?, message: String?

        init(_ status: Int, _ json: [String: Any]) {
            self.status = status
            id = json["id"] as? String ?? "?"; number = json["number"] as? String ?? "?"; day = json["serviceDay"] as? String ?? "?"
            let error = json["error"] as? [String: Any]
            code = error?["code"] as? String; message = error?["message"] as? String
        }
    }

    /// The kiosks' answers, kept as they came.
    final class Answered: Sendable {
        private let list = Mutex<[Answer]>([])
        func add(_ status: Int, _ json: [String: Any]) { let answer = Answer(status, json); list.withLock { $0.append(answer) } }
        var all: [Answer] { list.withLock { $0 } }
    }

    @Test(.enabled(if: TestNeed.daemon.wanted && TestNeed.tmpfs.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon or tmpfs"))
    func aFullDiskRefusesTheNextTicketAndLosesNoneAnswered() async throws {
        let disk = try SmallDisk(megabytes: 16)
        defer { disk.unmount() }
        let daemon = DaemonProcess(dataDirectory: disk.path, simulate: false, environment: ["ONEVISIT_HTTP_TICKETS_PER_MINUTE": "0"])
        defer { _ = daemon.terminate() }  // before the unmount (defers run last first)
        try await daemon.start()

        // Everything but the last 256 KB taken by a file of another program.
        let filler = disk.path + "/filler"
        let fill = try #require(FileManager.default.createFile(atPath: filler, contents: nil) ? FileHandle(forWritingAtPath: filler) : nil)
        try fill.write(contentsOf: Data(count: max(disk.freeBytes - 256 * 1024, 0)))
        try fill.close()

        // Eight kiosks at once, so issues share transactions as the disk runs out, until the
        // disk refuses them.
        let answered = Answered(), refusals = Answered()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<500 {
                        let (status, object) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/tickets", #"{"queue": "pickup"}"#)
                        guard status == 201 else { refusals.add(status, object); return }
                        answered.add(status, object)
                    }
                }
            }
            try await group.waitForAll()
        }
        let refusal = refusals.all.first
        let refused = try #require(refusal, "the disk never filled: \(answered.all.count) tickets, \(disk.freeBytes) bytes free")
        #expect(refusals.all.allSatisfy { $0.status == 503 }, "every refusal is a 503: \(refusals.all.map(\.status))")
        #expect(refused.code == "storage_unavailable", "\(refused)")
        #expect(refusals.all.allSatisfy { $0.message?.contains("disk is full") == true },
                "every refusal says the disk is full, also for the tickets that shared its transaction: \(refusals.all)")
        #expect(!answered.all.isEmpty, "some tickets fit before the disk filled")

        // Reads go on while the disk is full, and every answered ticket is there.
        for ticket in answered.all {
            let (status, object) = try await DaemonHTTP.send(.GET, daemon.baseURL + "/api/v1/tickets/\(ticket.id)")
            #expect(status == 200 && object["number"] as? String == ticket.number, "ticket \(ticket.number) while full")
        }

        // Space freed: the next ticket is issued, numbered after the last one answered.
        try FileManager.default.removeItem(atPath: filler)
        let (status, next) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/tickets", #"{"queue": "pickup"}"#)
        #expect(status == 201, "\(next)")
        // Numbered after the highest one answered (unless the service day turned meanwhile).
        let highest = answered.all.filter { $0.day == next["serviceDay"] as? String }.compactMap { Int($0.number.drop { !$0.isNumber }) }.max()
        if let highest { #expect(Int((next["number"] as? String ?? "").drop { !$0.isNumber }) == highest + 1) }
        #expect(await daemon.stopped() == 0, "SIGTERM shuts down gracefully:\n\(daemon.log)")

        // And after a restart on the same directory, every answered ticket is still there.
        let again = DaemonProcess(dataDirectory: disk.path, simulate: false)
        defer { _ = again.terminate() }
        try await again.start()
        for ticket in answered.all {
            let (status, object) = try await DaemonHTTP.send(.GET, again.baseURL + "/api/v1/tickets/\(ticket.id)")
            #expect(status == 200 && object["number"] as? String == ticket.number, "ticket \(ticket.number) after the restart")
        }
        #expect(await again.stopped() == 0)
    }
}
