import Foundation
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
            try Self.asRoot(["mount", "-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", path])
        }

        func unmount() { try? Self.asRoot(["umount", path]) }

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

    @Test(.enabled(if: TestNeed.daemon.wanted && TestNeed.tmpfs.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon or tmpfs"))
    func aFullDiskRefusesTheNextTicketAndLosesNoneAnswered() async throws {
        let disk = try SmallDisk(megabytes: 16)
        defer { disk.unmount() }
        let daemon = DaemonProcess(dataDirectory: disk.path, simulate: false, environment: ["ONEVISIT_HTTP_TICKETS_PER_MINUTE": "0"])
        try await daemon.start()

        // Everything but the last 256 KB taken by a file of another program.
        let filler = disk.path + "/filler"
        let fill = try #require(FileManager.default.createFile(atPath: filler, contents: nil) ? FileHandle(forWritingAtPath: filler) : nil)
        try fill.write(contentsOf: Data(count: max(disk.freeBytes - 256 * 1024, 0)))
        try fill.close()

        var answered: [(id: String, number: String)] = []
        var refusal: (status: Int, json: [String: Any])?
        for _ in 0..<2_000 {
            let (status, object) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/tickets", #"{"queue": "pickup"}"#)
            guard status == 201 else { refusal = (status, object); break }
            answered.append((object["id"] as? String ?? "?", object["number"] as? String ?? "?"))
        }
        let refused = try #require(refusal, "the disk never filled: \(answered.count) tickets, \(disk.freeBytes) bytes free")
        #expect(refused.status == 503)
        let error = refused.json["error"] as? [String: Any]
        #expect(error?["code"] as? String == "storage_unavailable", "\(refused.json)")
        #expect((error?["message"] as? String)?.contains("disk is full") == true, "the answer says the disk is full: \(refused.json)")
        #expect(!answered.isEmpty, "some tickets fit before the disk filled")

        // Reads go on while the disk is full, and every answered ticket is there.
        for ticket in answered {
            let (status, object) = try await DaemonHTTP.send(.GET, daemon.baseURL + "/api/v1/tickets/\(ticket.id)")
            #expect(status == 200 && object["number"] as? String == ticket.number, "ticket \(ticket.number) while full")
        }

        // Space freed: the next ticket is issued, numbered after the last one answered.
        try FileManager.default.removeItem(atPath: filler)
        let (status, next) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/tickets", #"{"queue": "pickup"}"#)
        #expect(status == 201, "\(next)")
        let last = answered.last.flatMap { Int($0.number.drop { !$0.isNumber }) } ?? 0
        #expect(Int((next["number"] as? String ?? "").drop { !$0.isNumber }) == last + 1)
        #expect(await daemon.stopped() == 0, "SIGTERM shuts down gracefully:\n\(daemon.log)")

        // And after a restart on the same directory, every answered ticket is still there.
        let again = DaemonProcess(dataDirectory: disk.path, simulate: false)
        try await again.start()
        for ticket in answered {
            let (status, object) = try await DaemonHTTP.send(.GET, again.baseURL + "/api/v1/tickets/\(ticket.id)")
            #expect(status == 200 && object["number"] as? String == ticket.number, "ticket \(ticket.number) after the restart")
        }
        #expect(await again.stopped() == 0)
    }
}
