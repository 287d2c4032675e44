import EscPos
import Foundation
import TestSupport
import Testing

/// The libusb transport against an emulated USB printer: umockdev provides the sysfs
/// device and replays a usbmon capture of the bulk transfers, so the real libusb code
/// finds the printer-class interface, claims it, writes the job and reads DLE EOT replies.
/// It runs in `onevisit print usb` under `umockdev-run` (umockdev works by LD_PRELOAD, so
/// it wraps a process of its own).
@Suite("libusb transport under umockdev", .enabled(if: TestNeed.umockdev.wanted, "opted out: ONEVISIT_TEST_WITHOUT=umockdev"), .timeLimit(.minutes(5)))
struct LibUSBTransportTests {
    static let job = try! EscPosEncoder(paper: .mm58).encode(PrintDocument([.text("OneVisit USB 测试"), .cut()])).bytes

    @Test func jobIsWrittenAndPaperOutIsReadBack() throws {
        // DLE EOT 1: online; 2: stopped by paper end; 3: no error; 4: 0x72 paper out.
        let run = try UMockdev.run(job: Self.job, replies: [0x12, 0x32, 0x12, 0x72])
        #expect(run.output.contains("usb 6868:0500: wrote \(Self.job.count) bytes"), "\(run.output)")
        #expect(run.output.contains("status: paper out"), "\(run.output)")
        #expect(run.status == 2, "a printer that cannot print is exit code 2")
    }

    @Test func readyPrinterWithPaperNearEnd() throws {
        let run = try UMockdev.run(job: Self.job, replies: [0x12, 0x12, 0x12, 0x1E])
        #expect(run.output.contains("status: ready, paper near end"), "\(run.output)")
        #expect(run.status == 0)
    }

    /// The replay compares what is written with the capture: other bytes are never
    /// answered, and the transfer times out with a clear error.
    @Test func bytesOtherThanTheCapturedJobAreNotAcknowledged() throws {
        let other = try EscPosEncoder(paper: .mm58).encode(PrintDocument([.text("another job"), .cut()])).bytes
        let run = try UMockdev.run(job: Self.job, replies: [0x12, 0x12, 0x12, 0x12], captureOf: other)
        #expect(!run.output.contains("wrote"), "\(run.output)")
        #expect(run.output.contains("LIBUSB_ERROR_TIMEOUT"), "\(run.output)")
        #expect(run.status == 1)
    }

    @Test func printerThatIsNotThereIsNamed() throws {
        let run = try UMockdev.run(job: Self.job, replies: [], id: "0483:5743")
        #expect(run.output.contains("no printer at usb 0483:5743"), "\(run.output)")
        #expect(run.status == 1)
    }
}

enum UMockdev {

    /// Runs `onevisit print usb` on `job` against a printer whose capture holds `captureOf`
    /// (default: the same job) and the given DLE EOT replies.
    static func run(job: [UInt8], replies: [UInt8], id: String = "6868:0500", captureOf captured: [UInt8]? = nil) throws -> (output: String, status: Int32) {
        let jobFile = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-job-\(UUID().uuidString).bin").path
        try Data(job).write(to: URL(fileURLWithPath: jobFile))
        defer { try? FileManager.default.removeItem(atPath: jobFile) }
        return try umockdevRun(description: UsbPrinterFixture.deviceDescription, sysfs: UsbPrinterFixture.sysfsPath,
                               capture: UsbPrinterFixture.capture(job: captured ?? job, replies: replies),
                               command: [onevisitCLI, "print", "usb", id, jobFile, "--timeout", "2000"])
    }
}
