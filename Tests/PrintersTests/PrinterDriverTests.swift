import EscPos
import Foundation
import Logging
import Printers
import Testing

/// The real driver over a real pseudo-terminal, with the simulated printer on the far end
/// speaking ESC/POS and DLE EOT.
@Suite("Printer driver against the simulated printer", .timeLimit(.minutes(5)))
struct PrinterDriverTests {
    struct Rig {
        let directory: String
        let simulator: SimulatedPrinter
        let driver: PrinterDriver
        let task: Task<Void, any Error>

        init(capacity: Int = 16, start: Bool = true) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-printer-\(UUID().uuidString)").path
            simulator = SimulatedPrinter(id: "kiosk-1", devicePath: directory + "/dev/printer-kiosk-1",
                                         outputDirectory: directory + "/out")
            try simulator.plug()
            let driver = PrinterDriver(
                settings: PrinterSettings(id: "kiosk-1", queueCapacity: capacity, timeoutMilliseconds: 1000, simulated: true),
                transport: DeviceFileTransport(path: simulator.devicePath), logger: Logger(label: "test"))
            self.driver = driver
            task = Task { if start { try await driver.run() } }
        }

        func stop() {
            task.cancel()
            simulator.unplug()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    static let ticket = PrintDocument([.text("示例旗政务服务中心", .heading), .text("A001", .heading), .qrCode("http://x/t/1"), .cut()])

    @Test func jobReachesThePaperByteForByte() async throws {
        let rig = try Rig()
        defer { rig.stop() }
        let bytes = try EscPosEncoder().encode(Self.ticket).bytes
        try await rig.driver.submit(PrintJob(id: "j1", title: "ticket A001", bytes: bytes))
        #expect(await rig.driver.outcome(of: "j1", waitingUpTo: .seconds(10)) == .printed)
        let jobs = await rig.simulator.waitForJobs(count: 1)
        #expect(jobs[0].bytes == bytes)
        #expect(jobs[0].text.contains("A001"))
        #expect(jobs[0].qrPayloads == ["http://x/t/1"])
        #expect(FileManager.default.fileExists(atPath: jobs[0].basePath + ".png"))
        let report = await rig.driver.report()
        #expect(report.connected && report.problem == nil && report.printed == 1)
    }

    @Test func paperOutFailsTheJobWithTheReasonAndPrintsNothing() async throws {
        let rig = try Rig()
        defer { rig.stop() }
        rig.simulator.setStatus(PrinterStatus(paperOut: true))
        try await rig.driver.submit(PrintJob(id: "j1", title: "ticket", bytes: try EscPosEncoder().encode(Self.ticket).bytes))
        #expect(await rig.driver.outcome(of: "j1", waitingUpTo: .seconds(10)) == .failed(.notReady("paper out")))
        let report = await rig.driver.report()
        #expect(report.problem == "paper out")
        #expect(report.status?.paperOut == true)
        #expect(rig.simulator.jobsCut == 0)

        rig.simulator.setStatus(.ready)
        try await rig.driver.submit(PrintJob(id: "j2", title: "retry", bytes: try EscPosEncoder().encode(Self.ticket).bytes))
        #expect(await rig.driver.outcome(of: "j2", waitingUpTo: .seconds(10)) == .printed)
    }

    @Test func unpluggedPrinterFailsFastAndIsPickedUpAgainWhenPluggedBack() async throws {
        let rig = try Rig()
        defer { rig.stop() }
        let bytes = try EscPosEncoder().encode(Self.ticket).bytes
        try await rig.driver.submit(PrintJob(id: "before", title: "t", bytes: bytes))
        #expect(await rig.driver.outcome(of: "before", waitingUpTo: .seconds(10)) == .printed)

        rig.simulator.unplug()
        try await rig.driver.submit(PrintJob(id: "unplugged", title: "t", bytes: bytes))
        let failed = await rig.driver.outcome(of: "unplugged", waitingUpTo: .seconds(10))
        guard case .failed(let error) = failed else {
            Issue.record("expected a failure, got \(failed)")
            return
        }
        #expect(["not_connected", "disconnected"].contains(error.code), "\(error)")
        #expect(await rig.driver.report().connected == false)

        try rig.simulator.plug()
        try await rig.driver.submit(PrintJob(id: "after", title: "t", bytes: bytes))
        #expect(await rig.driver.outcome(of: "after", waitingUpTo: .seconds(10)) == .printed)
        #expect(await rig.simulator.waitForJobs(count: 2).count == 2)
    }

    @Test func fullQueueRefusesAtOnce() async throws {
        let rig = try Rig(capacity: 1, start: false)
        defer { rig.stop() }
        try await rig.driver.submit(PrintJob(id: "a", title: "t", bytes: [0x0A]))
        await #expect(throws: PrinterError.queueFull(capacity: 1)) {
            try await rig.driver.submit(PrintJob(id: "b", title: "t", bytes: [0x0A]))
        }
        #expect(await rig.driver.outcome(of: "a", waitingUpTo: .milliseconds(50)) == .queued)
        #expect(await rig.driver.outcome(of: "nope", waitingUpTo: .milliseconds(50)) == .unknown)
    }
}
