import Foundation
import Keypads
import Logging
import Testing
import TestSupport

/// The keypad driver against devices: an input device and a hidraw node emulated by
/// umockdev (the CLI runs the daemon's driver under umockdev-run), and a serial keypad
/// behind a pseudo-terminal.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct KeypadDeviceTests {
    static let inputDevice = """
        P: /devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/0003:1A2C:2124.0001/input/input5/event5
        N: input/event5
        E: DEVNAME=/dev/input/event5
        E: MAJOR=13
        E: MINOR=69
        E: SUBSYSTEM=input
        E: ID_INPUT=1
        E: ID_INPUT_KEY=1
        E: ID_INPUT_KEYBOARD=1
        A: dev=13:69

        """

    /// What evemu-record shows for a USB-keyboard keypad: MSC_SCAN, the key down, SYN, auto-repeat, key up, SYN.
    static func keystroke(_ code: Int, scan: Int, at second: Double) -> String {
        let t = String(format: "%.6f", second), up = String(format: "%.6f", second + 0.08)
        let c = String(format: "%04x", code)
        return """
            E: \(t) 0004 0004 \(scan)
            E: \(t) 0001 \(c) 1
            E: \(t) 0000 0000 0
            E: \(up) 0001 \(c) 2
            E: \(up) 0001 \(c) 0
            E: \(up) 0000 0000 0

            """
    }

    @Test(.enabled(if: TestNeed.umockdev.wanted, "opted out: ONEVISIT_TEST_WITHOUT=umockdev"))
    func evdevKeypadIsGrabbedAndItsKeysMapped() throws {
        let events = Self.keystroke(2, scan: 458_782, at: 0.1) + Self.keystroke(30, scan: 458_756, at: 0.3)
            + Self.keystroke(4, scan: 458_784, at: 0.5) + Self.keystroke(6, scan: 458_786, at: 0.7)
        let run = try umockdevRun(files: ["device.umockdev": Self.inputDevice, "keys.events": events],
                                  options: ["--device", "$DIR/device.umockdev", "--evemu-events", "/dev/input/event5=$DIR/keys.events"],
                                  command: [onevisitCLI, "keypad", "listen", "--evdev", "/dev/input/event5", "--presses", "3", "--timeout", "5000"])
        #expect(run.status == 0, "\(run.output)")
        let presses = run.output.split(separator: "\n").filter { $0.hasPrefix("press:") }
        #expect(presses == ["press: level 5 非常满意 (key 2)", "press: level 3 基本满意 (key 4)", "press: level 1 非常不满意 (key 6)"])
        #expect(run.output.contains("not in the key map: key 30"))
    }

    @Test(.enabled(if: TestNeed.umockdev.wanted, "opted out: ONEVISIT_TEST_WITHOUT=umockdev"))
    func evdevKeypadThatSendsNothingTimesOut() throws {
        let run = try umockdevRun(files: ["device.umockdev": Self.inputDevice, "keys.events": ""],
                                  options: ["--device", "$DIR/device.umockdev", "--evemu-events", "/dev/input/event5=$DIR/keys.events"],
                                  command: [onevisitCLI, "keypad", "listen", "--evdev", "/dev/input/event5", "--timeout", "300"])
        #expect(run.status == 2)
        #expect(run.output.contains("no 1 press(es) within 300 ms"))
    }

    static let hidrawDevice = """
        P: /devices/pci0000:00/0000:00:14.0/usb1/1-5/1-5:1.0/0003:0483:5750.0002/hidraw/hidraw0
        N: hidraw0
        E: DEVNAME=/dev/hidraw0
        E: MAJOR=247
        E: MINOR=0
        E: SUBSYSTEM=hidraw

        """

    @Test(.enabled(if: TestNeed.umockdev.wanted, "opted out: ONEVISIT_TEST_WITHOUT=umockdev"))
    func hidrawKeypadGetsItsPromptThenReportsKeys() async throws {
        // The script fails the run unless the prompt report 02 01 is written first; then the
        // keypad reports 非常满意, a release, and 非常不满意 (umockdev-record caret notation).
        let script = "w 0 ^B^A\nr 20 ^A^P\nr 20 ^A^@\nr 20 ^A^A\n"
        let run = try umockdevRun(files: ["device.umockdev": Self.hidrawDevice, "keys.script": script],
                                  options: ["--device", "$DIR/device.umockdev", "--script", "/dev/hidraw0=$DIR/keys.script"],
                                  command: [onevisitCLI, "keypad", "listen", "--hidraw", "/dev/hidraw0", "--report-length", "2",
                                            "--key", "0110=5", "--key", "0108=4", "--key", "0104=3", "--key", "0102=2", "--key", "0101=1",
                                            "--send", "0201", "--presses", "2", "--timeout", "5000"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("sent: 0201"))
        let presses = run.output.split(separator: "\n").filter { $0.hasPrefix("press:") }
        #expect(presses == ["press: level 5 非常满意 (report 01 10)", "press: level 1 非常不满意 (report 01 01)"])
    }

    @Test func missingDeviceIsNamed() async throws {
        let run = try await runProgram(onevisitCLI, ["keypad", "listen", "--serial", "/dev/onevisit-no-such-keypad"])
        #expect(run.status == 1)
        #expect(run.output.contains("no keypad at /dev/onevisit-no-such-keypad"))
    }

    @Test(.timeLimit(.minutes(1))) func serialKeypadThroughNoiseAndAnUnplug() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-keypad-\(UUID().uuidString)").path
        let simulator = SimulatedKeypad(id: "window-3", devicePath: dir + "/keypad", address: 3)
        try simulator.plug()
        defer { simulator.unplug() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let driver = KeypadDriver(id: "window-3", device: KeypadDevice(path: simulator.devicePath, kind: .serial(.standard)),
                                  simulated: true, reconnectInterval: .milliseconds(50), logger: logger)
        var presses = await driver.presses().makeAsyncIterator()
        let loop = Task { try await driver.run() }
        defer { loop.cancel() }
        await driver.waitUntil(connected: true)

        try simulator.press(level: 4)
        #expect(await presses.next()?.level == 4)

        // Noise and a frame with a bad check byte are skipped; the next frame still counts.
        try simulator.send([0x00, 0xFF, 0x13, 0xAA, 0x03, 0x01, 0x07])
        try simulator.press(level: 1)
        let after = await presses.next()
        #expect(after?.level == 1 && after?.address == 3)
        #expect(await driver.report().malformedBytes >= 4)

        // The prompt frame reaches the keypad.
        try await driver.send(SerialKeyMap.standard.frame(address: 3, key: 0x10))
        #expect(simulator.received() == [0xAA, 0x03, 0x10, 0x13])

        // Cable pulled and plugged back: picked up again by the same driver, no restart.
        simulator.unplug()
        await driver.waitUntil(connected: false)
        let lost = await driver.report()
        #expect(!lost.connected && lost.lastError != nil)
        try simulator.plug()
        await driver.waitUntil(connected: true)
        try simulator.press(level: 5)
        #expect(await presses.next()?.level == 5)
        #expect(await driver.report().presses == 3)
    }
}
