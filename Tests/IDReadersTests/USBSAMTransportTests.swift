import Foundation
import IDCard
import TestSupport
import Testing

/// The native-USB reader transport (split pipes 0x02/0x06 → 0x81/0x85) against an emulated
/// 0400:c35a under umockdev, through `onevisit idcard usb`.
@Suite("USB ID reader under umockdev", .enabled(if: TestNeed.umockdev.wanted, "opted out: ONEVISIT_TEST_WITHOUT=umockdev"), .timeLimit(.minutes(5)))
struct USBSAMTransportTests {
    @Test func cardIsReadThroughSplitPipes() throws {
        let run = try umockdevRun(description: UsbSAMReaderFixture.deviceDescription, sysfs: UsbSAMReaderFixture.sysfsPath,
                                  capture: UsbSAMReaderFixture.capture(reading: IDCardReaderTests.elderly),
                                  command: [onevisitCLI, "idcard", "usb", "0400:c35a", "--timeout", "2000"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("findCard: card found (SW3 0x9F)"), "\(run.output)")
        #expect(run.output.contains("readText: ok (SW3 0x90), 1284 data bytes"), "\(run.output)")
        #expect(run.output.contains("1506**********123X"))
        #expect(!run.output.contains("15060219500312123X"), "masked unless asked")
        #expect(run.output.contains("张建国"))
    }

    @Test func cardIsReadThroughOnePipePair() throws {
        let run = try umockdevRun(description: UsbSAMReaderFixture.singlePipeDescription, sysfs: UsbSAMReaderFixture.sysfsPath,
                                  capture: UsbSAMReaderFixture.capture(reading: IDCardReaderTests.elderly, singlePipe: true),
                                  command: [onevisitCLI, "idcard", "usb", "0400:c35a", "--single-pipe", "--timeout", "2000"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("readText: ok (SW3 0x90), 1284 data bytes"), "\(run.output)")
        #expect(run.output.contains("1506**********123X"))
    }

    @Test func readerThatIsNotThereIsNamed() throws {
        let run = try umockdevRun(description: UsbSAMReaderFixture.deviceDescription, sysfs: UsbSAMReaderFixture.sysfsPath,
                                  capture: UsbmonCapture().bytes, command: [onevisitCLI, "idcard", "usb", "1234:5678"])
        #expect(run.status == 1)
        #expect(run.output.contains("no ID reader at usb 1234:5678"), "\(run.output)")
    }
}
