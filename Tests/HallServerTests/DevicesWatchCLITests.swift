import Foundation
import Synchronization
import TestSupport
import Testing

/// `onevisit devices watch` (issue 17): every device once, then a line when one changes — here
/// the kiosk printer running out of paper on a simulated hall.
@Suite("onevisit devices watch", .serialized, .timeLimit(.minutes(2)))
struct DevicesWatchCLITests {
    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
    func aPrinterRunningOutOfPaperIsALine() async throws {
        let daemon = DaemonProcess(dataDirectory: DaemonWithoutSimulationTests.scratch("devices-watch"), simulate: true)
        try await daemon.start()
        defer { _ = daemon.terminate() }
        let technician = try await DaemonHTTP.signIn(daemon, "technician1")

        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: CLIUser.binary)
        watch.arguments = ["devices", "watch", "--server", daemon.baseURL, "--interval", "0.2", "--changes", "1"]
        watch.environment = ["ONEVISIT_TOKEN": technician, "HOME": daemon.dataDirectory, "PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        watch.standardOutput = pipe
        let output = Mutex("")
        let exited = AsyncStream<Void> { continuation in
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil; continuation.finish(); return }
                output.withLock { $0 += String(decoding: data, as: UTF8.self) }
                continuation.yield()
            }
        }
        try watch.run()
        defer { if watch.isRunning { watch.terminate() } }
        var lines = exited.makeAsyncIterator()
        // The first look, shown as it came: only then is the paper taken out.
        while !output.withLock({ $0.contains("printer/kiosk-1 connected\n") }) {
            guard await lines.next() != nil else { break }
        }
        let (status, _) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/simulator/printers/kiosk-1", #"{"paper": "out"}"#, as: technician)
        #expect(status == 200)
        while await lines.next() != nil {}  // to the end of its output: it stops after one change
        watch.waitUntilExit()
        let text = output.withLock { $0 }
        #expect(watch.terminationStatus == 0, "\(text)")
        #expect(text.split(separator: "\n").contains { $0.contains("printer/kiosk-1 connected, paper out") && $0.contains("(was connected)") }, "\(text)")
    }
}
