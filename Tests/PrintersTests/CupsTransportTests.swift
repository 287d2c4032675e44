import EscPos
import Foundation
import Logging
import Printers
import TestSupport
import Testing

/// Against a real cupsd with raw queues whose backend captures each job to a file
/// (`scripts/cups-test-queues`, run by scripts/test and CI).
@Suite("CUPS raw queues through libcups", .enabled(if: TestNeed.cups.wanted, "opted out: ONEVISIT_TEST_WITHOUT=cups"), .timeLimit(.minutes(5)))
struct CupsTransportTests {
    @Test func destinationsAreListedWithTheirState() {
        let destinations = CupsTransport.destinations()
        // Other tests may be printing to it right now.
        #expect(["idle", "printing"].contains(destinations.first { $0.name == "OneVisitCapture" }?.state ?? "missing"))
        let stopped = destinations.first { $0.name == "OneVisitStopped" }
        #expect(stopped?.state == "stopped")
        #expect(stopped?.message == "paper jam (test queue)")
    }

    @Test func rawJobArrivesByteForByte() throws {
        let bytes = try EscPosEncoder().encode(PrintDocument([.text("示例旗政务服务中心"), .text("A001", .heading), .qrCode("x"), .cut()])).bytes
        let before = CupsTestQueues.captured()
        try CupsTransport(queue: "OneVisitCapture").send(bytes, timeoutMilliseconds: 20_000)
        // Other tests may print to the same queue at the same time: look for these bytes.
        let new = CupsTestQueues.captured().subtracting(before).compactMap { FileManager.default.contents(atPath: $0) }
        #expect(new.contains { Array($0) == bytes }, "\(new.count) new captured jobs, none equal to what was sent")
    }

    @Test func stoppedQueueIsReportedWithItsReason() {
        #expect(throws: PrinterError.notReady("CUPS queue OneVisitStopped is stopped: paper jam (test queue)")) {
            try CupsTransport(queue: "OneVisitStopped").send([0x1B, 0x40], timeoutMilliseconds: 5000)
        }
    }

    @Test func unknownQueueIsNotConnected() {
        #expect {
            try CupsTransport(queue: "NoSuchQueue").send([0x1B, 0x40], timeoutMilliseconds: 5000)
        } throws: { error in
            (error as? PrinterError)?.code == "not_connected"
        }
    }
}
