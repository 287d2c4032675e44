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

        // The USB keypad pulled and plugged back, then the one on a USB-serial bridge (a tty node).
        let keypad = try await Self.replug(keypad: "keypad", id: "window-1", pressesBefore: 1, daemon, token, testbed)
        #expect(try testbed.send("press serial 4") == "ok")
        #expect(try await Self.awaitDevice(daemon, token, "keypads", "window-2") { $0["presses"] as? Int == 1 }.entry["presses"] as? Int == 1)
        let bridge = try await Self.replug(keypad: "serial", id: "window-2", pressesBefore: 1, daemon, token, testbed)
        print("hotplug: printer gone after \(pulled.took), back after \(back.took); keypad gone after \(keypad.gone), back after \(keypad.back); "
              + "serial keypad gone after \(bridge.gone), back after \(bridge.back)")
    }

    /// Pulls a keypad and plugs it back through the testbed: absent within 2 s, connected
    /// again within 2 s without its old error, and a press after it counts.
    static func replug(keypad name: String, id: String, pressesBefore: Int, _ daemon: DaemonProcess, _ token: String,
                       _ testbed: Testbed) async throws -> (gone: Duration, back: Duration) {
        #expect(try testbed.send("remove \(name)") == "ok")
        let gone = try await awaitDevice(daemon, token, "keypads", id) { $0["connected"] as? Bool == false }
        #expect(gone.entry["state"] as? String == "absent", "\(gone.entry)\n\(daemon.log)")
        #expect(try testbed.send("add \(name)") == "ok")
        let back = try await awaitDevice(daemon, token, "keypads", id) { $0["connected"] as? Bool == true }
        #expect(back.entry["state"] as? String == "ready" && back.entry["lastError"] == nil, "\(back.entry)")
        #expect(try testbed.send("press \(name) 1") == "ok")
        let pressed = try await awaitDevice(daemon, token, "keypads", id) { $0["presses"] as? Int == pressesBefore + 1 }
        #expect(pressed.entry["presses"] as? Int == pressesBefore + 1, "a press after the replug counts")
        return (gone.took, back.took)
    }
}
