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
        defer { daemon.stopWithoutWaiting() }
        let watch = try await WatchRun(daemon, interval: "0.2")
        // The first look, shown as it came: only then is the paper taken out.
        await watch.waitFor { $0.contains("printer/kiosk-1 connected\n") }
        try await watch.takeThePaperOut()
    }

    /// Looks spaced just under the daemon's idle timeout (1 s here): each goes out as the daemon
    /// is about to close the connection the last one left idle. The watch lets go of an idle
    /// connection first, so none of its looks meets a closed connection and it keeps going.
    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
    func looksJustUnderTheDaemonsIdleTimeoutAllGetAnAnswer() async throws {
        let daemon = DaemonProcess(dataDirectory: DaemonWithoutSimulationTests.scratch("devices-watch-idle"), simulate: true,
                                   environment: ["ONEVISIT_HTTP_IDLE_TIMEOUT_SECONDS": "1"])
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        let watch = try await WatchRun(daemon, interval: "0.995")
        // Eight looks answered, counted by the daemon's own metrics, with the watch still running.
        while try await daemon.answeredDeviceLooks() < 8 && watch.isRunning {
            try await Task.sleep(for: .milliseconds(200))  // the counter is looked at, not waited for
        }
        #expect(watch.isRunning, "the watch stopped: \(watch.text)")
        try await watch.takeThePaperOut()
    }
}

/// One `onevisit devices watch --changes 1` against a daemon, its output collected as it comes.
private final class WatchRun {
    let daemon: DaemonProcess
    let technician: String
    private let process = Process()
    private let output = Collected()
    private var lines: AsyncStream<Void>.Iterator
    /// Its exit status, from the termination handler: `waitUntilExit()` spins the run loop of a
    /// shared thread, where a test process once died (see DaemonProcess).
    private let exit = AsyncStream<Int32>.makeStream()

    init(_ daemon: DaemonProcess, interval: String) async throws {
        self.daemon = daemon
        technician = try await DaemonHTTP.signIn(daemon, "technician1")
        process.executableURL = URL(fileURLWithPath: CLIUser.binary)
        process.arguments = ["devices", "watch", "--server", daemon.baseURL, "--interval", interval, "--changes", "1"]
        process.environment = ["ONEVISIT_TOKEN": technician, "HOME": daemon.dataDirectory, "PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = output
        let stream = AsyncStream<Void> { continuation in
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil; continuation.finish(); return }
                output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
                continuation.yield()
            }
        }
        lines = stream.makeAsyncIterator()
        let exited = exit.continuation
        process.terminationHandler = { exited.yield($0.terminationStatus); exited.finish() }
        try process.run()
    }

    deinit { if process.isRunning { process.terminate() } }

    var text: String { output.text.withLock { $0 } }
    var isRunning: Bool { process.isRunning }

    /// Until the output so far satisfies `done`, or the watch's output ends.
    func waitFor(_ done: (String) -> Bool) async {
        while !done(text) {
            guard await lines.next() != nil else { break }
        }
    }

    /// Takes the kiosk printer's paper out; the watch reports it as its one change and ends.
    func takeThePaperOut() async throws {
        let (status, _) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/simulator/printers/kiosk-1", #"{"paper": "out"}"#, as: technician)
        #expect(status == 200)
        await waitFor { _ in false }  // to the end of its output: it stops after one change
        var statuses = exit.stream.makeAsyncIterator()
        let exitStatus = await statuses.next()
        #expect(exitStatus == 0, "\(text)")
        #expect(text.split(separator: "\n").contains { $0.contains("printer/kiosk-1 connected, paper out") && $0.contains("(was connected)") }, "\(text)")
    }
}

/// What the watch has printed so far, filled in by the pipe's handler.
private final class Collected: Sendable {
    let text = Mutex("")
}

extension DaemonProcess {
    /// `GET /api/v1/devices` answered 200, by the daemon's Prometheus counter.
    func answeredDeviceLooks() async throws -> Int {
        let metrics = try await DaemonHTTP.send(.GET, baseURL + "/metrics").json["body"] as? String ?? ""
        let labels = [#"http_route="/api/v1/devices""#, #"http_request_method="GET""#, #"http_response_status_code="200""#]
        return Int(DeviceMetricsTests.value(metrics, "http_server_request_duration_count", labels) ?? 0)
    }
}
