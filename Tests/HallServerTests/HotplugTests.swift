import Foundation
import TestSupport
import Testing

/// Hotplug under umockdev (issue 17): the real daemon runs inside a umockdev testbed
/// (Tests/Hotplug/testbed.py) holding a printer-class USB printer (usblp), a USB keypad
/// (evdev) and a keypad on a USB-serial bridge (tty), named by the links udev's rules give them. The testbed removes and adds them
/// with their uevents (a replug gets the next node number, as the kernel gives it) while the
/// daemon runs; the API shows each change within 2 s, and work resumes. The daemon polls
/// the printer once an hour and would retry a keypad only after a minute, and umockdev
/// keeps a removed node's open descriptor working, so only the uevents can tell it.
@Suite("Hotplug under umockdev", .serialized, .enabled(if: TestNeed.umockdev.wanted && TestNeed.daemon.wanted,
                                                     "opted out: ONEVISIT_TEST_WITHOUT=umockdev or daemon"), .timeLimit(.minutes(3)))
struct HotplugTests {
    static let devices = #"""
        {"printers": [{"id": "kiosk-1", "role": "kiosk", "device": "/dev/onevisit/printer-kiosk-1", "statusIntervalSeconds": 3600}],
         "keypads": [{"id": "window-1", "window": "1", "evdev": {"device": "/dev/onevisit/keypad-window-1"}, "reconnectMilliseconds": 60000},
                     {"id": "window-2", "window": "2", "serial": {"device": "/dev/onevisit/keypad-window-2", "address": 1},
                      "reconnectMilliseconds": 60000}]}
        """#

    /// The testbed's command line: it runs the daemon as its child.
    static var testbed: [String] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Hotplug/testbed.py").path
        return ["/usr/bin/umockdev-wrapper", "/usr/bin/python3", script, "--"]
    }

    /// Talks to the testbed: one command line out, one answer line back.
    final class Testbed: @unchecked Sendable {
        let input = Pipe(), output = Pipe()
        private var buffered = Data()

        func send(_ command: String) throws -> String {
            input.fileHandleForWriting.write(Data((command + "\n").utf8))
            while !buffered.contains(0x0A) {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { throw TestFailure("the testbed ended before answering \(command)") }
                buffered += chunk
            }
            let end = buffered.firstIndex(of: 0x0A)!
            defer { buffered = Data(buffered[(end + 1)...]) }
            return String(decoding: buffered[..<end], as: UTF8.self)
        }
    }

    static func device(_ daemon: DaemonProcess, _ token: String, _ kind: String, _ id: String) async throws -> [String: Any] {
        let (_, devices) = try await DaemonHTTP.send(.GET, daemon.baseURL + "/api/v1/devices", as: token)
        return (devices[kind] as? [[String: Any]] ?? []).first { $0["id"] as? String == id } ?? [:]
    }

    /// Polls the device in the API until `done` holds, for at most `seconds`; the entry seen
    /// last and how long it took.
    static func awaitDevice(_ daemon: DaemonProcess, _ token: String, _ kind: String, _ id: String, seconds: Double = 2,
                            until done: ([String: Any]) -> Bool) async throws -> (entry: [String: Any], took: Duration) {
        let start = ContinuousClock.now
        var entry = try await device(daemon, token, kind, id)
        while !done(entry) && ContinuousClock.now - start < .seconds(seconds) {
            try await Task.sleep(for: .milliseconds(20))
            entry = try await device(daemon, token, kind, id)
        }
        return (entry, ContinuousClock.now - start)
    }

    static func ticketPrinted(_ daemon: DaemonProcess) async throws -> [String: Any] {
        let (status, ticket) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/tickets", #"{"queue": "general"}"#)
        #expect(status == 201, "\(ticket)")
        return ticket["print"] as? [String: Any] ?? [:]
    }

    @Test func aPrinterAndTwoKeypadsRemovedAndAddedComeBackWithinTwoSeconds() async throws {
        let dir = DaemonWithoutSimulationTests.scratch("hotplug")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.devices.write(toFile: dir + "/devices.json", atomically: true, encoding: .utf8)
        let daemon = DaemonProcess(dataDirectory: dir, staff: ["technician1"], extraArguments: ["--devices", dir + "/devices.json"], wrapper: Self.testbed)
        let testbed = Testbed()
        daemon.process.standardInput = testbed.input
        daemon.process.standardOutput = testbed.output
        try await daemon.start()
        defer {
            // The testbed ends the daemon and itself when its commands end.
            try? testbed.input.fileHandleForWriting.close()
            _ = daemon.exitStatus()
        }
        let token = try await DaemonHTTP.signIn(daemon, "technician1")
        let connected: ([String: Any]) -> Bool = { $0["connected"] as? Bool == true }

        // Both there at the start; a ticket prints and a press counts.
        #expect(try await Self.awaitDevice(daemon, token, "printers", "kiosk-1", seconds: 30, until: connected).entry["state"] as? String == "ready")
        #expect(try await Self.awaitDevice(daemon, token, "keypads", "window-1", seconds: 30, until: connected).entry["state"] as? String == "ready")
        #expect(try await Self.ticketPrinted(daemon)["state"] as? String == "printed")
        #expect(try testbed.send("jobs") == "1")
        #expect(try await Self.awaitDevice(daemon, token, "keypads", "window-2", seconds: 30, until: connected).entry["state"] as? String == "ready")
        #expect(try testbed.send("press keypad 5") == "ok")
        #expect(try await Self.awaitDevice(daemon, token, "keypads", "window-1") { $0["presses"] as? Int == 1 }.entry["presses"] as? Int == 1)

        // The printer pulled and plugged back.
        #expect(try testbed.send("remove printer") == "ok")
        let pulled = try await Self.awaitDevice(daemon, token, "printers", "kiosk-1") { $0["state"] as? String == "absent" }
        #expect(pulled.entry["state"] as? String == "absent" && pulled.entry["connected"] as? Bool == false, "\(pulled.entry)\n\(daemon.log)")
        #expect(try testbed.send("add printer") == "ok")
        let back = try await Self.awaitDevice(daemon, token, "printers", "kiosk-1", until: connected)
        #expect(back.entry["state"] as? String == "ready" && back.entry["lastError"] == nil, "reconnected, the old error gone: \(back.entry)")
        #expect(try await Self.ticketPrinted(daemon)["state"] as? String == "printed")
        #expect(try testbed.send("jobs") == "2")

        // The keypad pulled and plugged back.
        #expect(try testbed.send("remove keypad") == "ok")
        let unplugged = try await Self.awaitDevice(daemon, token, "keypads", "window-1") { $0["connected"] as? Bool == false }
        #expect(unplugged.entry["state"] as? String == "absent", "\(unplugged.entry)\n\(daemon.log)")
        #expect(try testbed.send("add keypad") == "ok")
        let replugged = try await Self.awaitDevice(daemon, token, "keypads", "window-1", until: connected)
        #expect(replugged.entry["state"] as? String == "ready" && replugged.entry["lastError"] == nil, "\(replugged.entry)")
        #expect(try testbed.send("press keypad 1") == "ok")
        #expect(try await Self.awaitDevice(daemon, token, "keypads", "window-1") { $0["presses"] as? Int == 2 }.entry["presses"] as? Int == 2)

        // The serial keypad's USB-serial bridge pulled and plugged back (a tty node).
        #expect(try testbed.send("press serial 4") == "ok")
        #expect(try await Self.awaitDevice(daemon, token, "keypads", "window-2") { $0["presses"] as? Int == 1 }.entry["presses"] as? Int == 1)
        #expect(try testbed.send("remove serial") == "ok")
        let bridgeGone = try await Self.awaitDevice(daemon, token, "keypads", "window-2") { $0["connected"] as? Bool == false }
        #expect(bridgeGone.entry["state"] as? String == "absent", "\(bridgeGone.entry)\n\(daemon.log)")
        #expect(try testbed.send("add serial") == "ok")
        let bridgeBack = try await Self.awaitDevice(daemon, token, "keypads", "window-2", until: connected)
        #expect(bridgeBack.entry["state"] as? String == "ready" && bridgeBack.entry["lastError"] == nil, "\(bridgeBack.entry)")
        #expect(try testbed.send("press serial 2") == "ok")
        #expect(try await Self.awaitDevice(daemon, token, "keypads", "window-2") { $0["presses"] as? Int == 2 }.entry["presses"] as? Int == 2)
        print("hotplug: printer gone after \(pulled.took), back after \(back.took); keypad gone after \(unplugged.took), back after \(replugged.took); "
              + "serial keypad gone after \(bridgeGone.took), back after \(bridgeBack.took)")
    }
}
