import Foundation
import HallServer
import TestSupport
import Testing

/// `onevisit config check` (issue 17): every configuration file checked offline, each
/// problem naming its file, entry and field, exit 1 when any would stop the daemon.
@Suite("onevisit config check")
struct ConfigCheckCLITests {
    @Test func namesTheFileEntryAndFieldOfEveryProblem() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let good = dir + "/good.yaml", bad = dir + "/bad.yaml", devices = dir + "/devices.json", hall = dir + "/hall.json"
        try "log:\n  level: info\n".write(toFile: good, atomically: true, encoding: .utf8)
        try "http:\n  port: 99999\nretention:\n  pressLogDays: 0\nhttp2: yes\n".write(toFile: bad, atomically: true, encoding: .utf8)
        try #"{"printers": [{"id": "w-99", "role": "window", "window": "99", "device": "/dev/usb/lp0"}]}"#
            .write(toFile: devices, atomically: true, encoding: .utf8)
        try "{ not json".write(toFile: hall, atomically: true, encoding: .utf8)

        let fine = try await runProgram(CLIUser.binary, ["config", "check", "--config", good])
        #expect(fine.status == 0 && fine.output.contains("ok    \(good): daemon settings valid") && fine.output.contains("ok    demo hall: 7 queues"), "\(fine.output)")

        let settings = try await runProgram(CLIUser.binary, ["config", "check", "--config", bad])
        #expect(settings.status == 1 && settings.output.contains("ERROR \(bad)"), "\(settings.output)")
        // Every problem of the file at once, each by its key.
        #expect(settings.output.contains("  - http2: unknown key in \(bad)"), "\(settings.output)")
        #expect(settings.output.contains("  - http.port: 99999 is not a port number"), "\(settings.output)")
        #expect(settings.output.contains("  - retention.pressLogDays must be at least 1 day, got 0"), "\(settings.output)")

        let brokenHall = try await runProgram(CLIUser.binary, ["config", "check", "--config", good, "--hall", hall, "--devices", devices])
        #expect(brokenHall.status == 1 && brokenHall.output.contains("ERROR \(hall)"), "\(brokenHall.output)")
        #expect(brokenHall.output.contains("ERROR \(devices): not checked"), "\(brokenHall.output)")

        let wrongWindow = try await runProgram(CLIUser.binary, ["config", "check", "--config", good, "--devices", devices])
        #expect(wrongWindow.status == 1 && wrongWindow.output.contains("printers[0] (w-99), field window: no window \"99\""), "\(wrongWindow.output)")
    }

    /// A catalog and a holiday calendar are named by file, entry and field too, the calendar
    /// found beside a hall file named without a directory, as a technician in /etc/onevisit does.
    @Test func aBrokenCatalogAndCalendarAreNamedByEntryAndField() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/calendar", withIntermediateDirectories: true)
        try "log:\n  level: info\n".write(toFile: dir + "/onevisit.yaml", atomically: true, encoding: .utf8)
        try #"{"items": [{"id": "x", "name": "X"}], "bundles": []}"#.write(toFile: dir + "/catalog.json", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: HallFiles.demoLayoutPath, toPath: dir + "/hall.json")
        try #"{"year": 2026, "holidays": [{"name": "劳动节", "from": "2026-05-07", "to": "2026-05-03"}], "makeUpWorkdays": []}"#
            .write(toFile: dir + "/calendar/2026.json", atomically: true, encoding: .utf8)
        func check(_ arguments: String) async throws -> (output: String, status: Int32) {
            try await runProgram("/bin/sh", ["-c", "cd '\(dir)' && exec '\(CLIUser.binary)' config check --config onevisit.yaml \(arguments)"])
        }
        let catalog = try await check("--catalog catalog.json")
        #expect(catalog.status == 1 && catalog.output.contains("ERROR catalog.json: catalog.json has 1 error"), "\(catalog.output)")
        #expect(catalog.output.contains("  - catalog.json, field format: required field is missing"), "\(catalog.output)")
        let calendar = try await check("--hall hall.json")
        #expect(calendar.status == 1, "\(calendar.output)")
        #expect(calendar.output.contains("./calendar/2026.json: holidays[0] (劳动节), field to: 2026-05-03 is before 2026-05-07"), "\(calendar.output)")
    }

    /// `"drive": false` watches a node: an entry with none (libusb, CUPS), or one keypad left
    /// alone on a serial line the daemon drives for another, is named by entry and field.
    @Test func devicesLeftToAnotherClientNeedANodeOfTheirOwn() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let good = dir + "/good.json", bad = dir + "/bad.json"
        try #"""
            {"printers": [{"id": "kiosk-1", "role": "kiosk", "device": "/dev/onevisit/printer-kiosk-1", "drive": false}],
             "keypads": [{"id": "window-1", "window": "1", "evdev": {"device": "/dev/input/event5"}, "drive": false}]}
            """#.write(toFile: good, atomically: true, encoding: .utf8)
        try #"""
            {"printers": [{"id": "kiosk-1", "role": "kiosk", "usb": {"vendor": "0483", "product": "5743"}, "drive": false}],
             "keypads": [{"id": "window-1", "window": "1", "serial": {"device": "/dev/ttyUSB1", "address": 1}},
                         {"id": "window-2", "window": "2", "serial": {"device": "/dev/ttyUSB1", "address": 2}, "drive": false}]}
            """#.write(toFile: bad, atomically: true, encoding: .utf8)

        let fine = try await runProgram(CLIUser.binary, ["config", "check", "--devices", good])
        #expect(fine.status == 0 && fine.output.contains("ok    \(good)"), "\(fine.output)")
        let refused = try await runProgram(CLIUser.binary, ["config", "check", "--devices", bad])
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.output.contains("printers[0] (kiosk-1), field drive: \"drive\": false watches a device node"), "\(refused.output)")
        #expect(refused.output.contains("keypads[1] (window-2), field drive: /dev/ttyUSB1 is shared with a keypad the daemon drives"),
                "\(refused.output)")
    }

    /// A serial printer's speed is one the serial shim sets; a simulated printer takes its
    /// jobs at that speed.
    @Test func aSerialPrintersSpeedIsOneALineRuns() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let good = dir + "/good.json", bad = dir + "/bad.json"
        try #"{"printers": [{"id": "kiosk-1", "role": "kiosk", "device": "/dev/ttyUSB0", "baud": 38400}]}"#
            .write(toFile: good, atomically: true, encoding: .utf8)
        try #"{"printers": [{"id": "kiosk-1", "role": "kiosk", "device": "/dev/ttyUSB0", "baud": 115000}]}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let fine = try await runProgram(CLIUser.binary, ["config", "check", "--devices", good])
        #expect(fine.status == 0, "\(fine.output)")
        let refused = try await runProgram(CLIUser.binary, ["config", "check", "--devices", bad])
        #expect(refused.status == 1 && refused.output.contains("printers[0] (kiosk-1), field baud: must be 9600, 19200, 38400, 57600 or 115200"),
                "\(refused.output)")
    }
}
