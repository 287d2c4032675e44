import Foundation
import TestSupport
import Testing

/// The daemon as the shipped unit starts it: no `--simulate`, its own configuration file,
/// a clean environment, with no devices file or one naming some kinds only. It keeps
/// serving; a new hall has no account until an admin is added offline; simulator routes do
/// not exist. A broken devices file stops it with EX_CONFIG naming the entry and field.
@Suite("The daemon without --simulate", .serialized, .timeLimit(.minutes(5)))
struct DaemonWithoutSimulationTests {
    static func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-\(name)-\(UUID().uuidString)").path
    }

    /// A new data directory holding `config` as its `onevisit.yaml`.
    static func scratch(_ name: String, config: String) throws -> String {
        let dir = scratch(name)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try config.write(toFile: dir + "/onevisit.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    /// The daemon is still running and answering over `seconds`: a service that returned
    /// (the bug this guards against) ended it about a second after it listened.
    static func staysUp(_ daemon: DaemonProcess, seconds: Double = 3) async throws {
        let until = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < until {
            #expect(daemon.process.isRunning, "onevisitd exited with \(daemon.process.isRunning ? 0 : daemon.process.terminationStatus):\n\(daemon.log)")
            guard daemon.process.isRunning else { return }
            let (status, _) = try await DaemonHTTP.send(.GET, daemon.baseURL + "/healthz")
            #expect(status == 200)
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(2)))
    func noDevicesNoAccountsUntilAnAdminIsAdded() async throws {
        let dir = Self.scratch("real-hall")
        let daemon = DaemonProcess(dataDirectory: dir, simulate: false)
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        try await Self.staysUp(daemon)
        #expect(daemon.log.contains("No staff account yet"))

        // No demo accounts in a real hall; the simulator's controls are not there at all.
        let (demo, _) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/session", #"{"staffID": "clerk1", "password": "demo"}"#)
        #expect(demo == 401)
        let (simulator, body) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/simulator/keypads/3", #"{"level": 5}"#)
        #expect(simulator == 404 && "\(body)".contains("nothing at POST"))

        // A technician sets the hall up offline while it runs; the accounts work at once.
        let cli = CLIUser.binary
        for (id, role, name) in [("a001", "admin", "胡斌"), ("c001", "clerk", "张伟"), ("t001", "technician", "马强")] {
            let added = try await runProgram(cli, ["staff", "add", id, "--name", name, "--role", role, "--password-stdin", "--data-dir", dir],
                                       input: "hall-\(id)-pw\n", environment: ["HOME": dir])
            #expect(added.status == 0, "\(added.output)")
        }
        let short = try await runProgram(cli, ["staff", "add", "c002", "--name", "李娜", "--role", "clerk", "--password-stdin", "--data-dir", dir],
                                   input: "short\n", environment: ["HOME": dir])
        #expect(short.status != 0 && short.output.contains("at least 8 characters"))
        let listed = try await runProgram(cli, ["staff", "list", "--data-dir", dir], environment: ["HOME": dir]).output
        #expect(listed.contains("c001\t张伟\tclerk\t-\tenabled") && !listed.contains("$2"))

        let clerk = try await CLIUser.login("c001", at: daemon, password: "hall-c001-pw")
        _ = try await clerk.expect(["window", "sign-in", "1"])
        _ = try await clerk.expect(["ticket", "take", "--queue", "general"])
        let called = try await clerk.expect(["window", "call-next", "1"])
        #expect(called.contains("已叫号"), "\(called)")

        // A kiosk enrolled offline: its token is its credential, and it names no reader here.
        let token = try await runProgram(cli, ["device", "enrol", "kiosk-7", "--data-dir", dir], environment: ["HOME": dir])
        #expect(token.status == 0 && token.output.hasPrefix("ovd_"))
        let kiosk = token.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let (byCard, answer) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/progress/by-card", #"{"reader": "kiosk-7"}"#, as: kiosk)
        #expect(byCard == 404 && "\(answer)".contains("no ID reader"))
        let devices = try await runProgram(cli, ["device", "list", "--data-dir", dir], environment: ["HOME": dir]).output
        #expect(devices.contains("kiosk-7\tkiosk") && !devices.contains("ovd_"))
        // A disabled clerk is signed out at once.
        _ = try await runProgram(cli, ["staff", "disable", "c001", "--data-dir", dir], environment: ["HOME": dir])
        #expect(try await clerk.run(["window", "call-next", "1"]).output.contains("(unauthenticated)"))
        #expect(await daemon.stopped() == 0)
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(2)))
    func aDevicesFileWithSomeKindsOnly() async throws {
        let dir = Self.scratch("some-devices")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // One keypad whose line is not plugged in, one camera that is not there: nothing else.
        try #"""
            {"keypads": [{"id": "window-3", "window": "3", "serial": {"device": "\#(dir)/no-such-tty", "address": 1}}],
             "cameras": [{"id": "window-4", "window": "4", "device": "\#(dir)/no-such-video"}]}
            """#.write(toFile: dir + "/devices.json", atomically: true, encoding: .utf8)
        let daemon = DaemonProcess(dataDirectory: dir, simulate: false, extraArguments: ["--devices", dir + "/devices.json"])
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        try await Self.staysUp(daemon)
        _ = try await runProgram(CLIUser.binary, ["staff", "add", "t001", "--name", "马强", "--role", "technician", "--password-stdin", "--data-dir", dir],
                           input: "technician-pw\n", environment: ["HOME": dir])
        let technician = try await DaemonHTTP.signIn(daemon, "t001", password: "technician-pw")
        let (status, devices) = try await DaemonHTTP.send(.GET, daemon.baseURL + "/api/v1/devices", as: technician)
        #expect(status == 200)
        let keypads = devices["keypads"] as? [[String: Any]] ?? [], printers = devices["printers"] as? [[String: Any]] ?? []
        #expect(keypads.count == 1 && keypads.first?["connected"] as? Bool == false)
        #expect(printers.isEmpty && (devices["readers"] as? [Any])?.isEmpty == true)
        #expect((devices["cameras"] as? [[String: Any]])?.first?["window"] as? String == "4")
        #expect(await daemon.stopped() == 0)
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(1)))
    func aBrokenDevicesFileStopsItNamingTheField() async throws {
        let dir = Self.scratch("broken-devices")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"printers": [{"id": "kiosk-1", "role": "kiosk", "paper": 99, "device": "/dev/null"}]}"#
            .write(toFile: dir + "/devices.json", atomically: true, encoding: .utf8)
        let daemon = DaemonProcess(dataDirectory: dir, simulate: false, extraArguments: ["--devices", dir + "/devices.json"])
        _ = try? await daemon.start(timeout: 30)
        #expect(await daemon.exited() == 78, "EX_CONFIG")
        #expect(daemon.log.contains("printers[0]") && daemon.log.contains("paper"), "\(daemon.log)")
    }

    /// The simulated clock is a test rig: a real hall never runs on one.
    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(1)))
    func aSimulatedClockIsRefusedWithoutSimulate() async throws {
        let dir = Self.scratch("simulated-clock")
        let daemon = DaemonProcess(dataDirectory: dir, simulate: false, extraArguments: ["--clock-start", "2026-12-07T09:05:00+08:00"])
        _ = try? await daemon.start(timeout: 30)
        #expect(await daemon.exited() != 0)
        #expect(daemon.log.contains("--clock-start and --clock-speed are a test rig: they need --simulate"), "\(daemon.log)")
    }
}
