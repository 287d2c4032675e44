import Foundation
import TestSupport
import Testing

/// The kiosk, display board and ticket status pages in a real headless Chromium, driven by
/// `Tests/Browser/hall_pages.py` over the DevTools protocol against the real daemon.
@Suite("Hall pages in headless Chromium", .serialized)
struct BrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Browser/hall_pages.py").path

    static var chromiumInstalled: Bool {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// On CI a missing browser is a failure, not a skip: the pages must have been checked.
    static var runnable: Bool { ProcessInfo.processInfo.environment["CI"] != nil || chromiumInstalled }

    @Test(.enabled(if: DaemonProcess.runnable && runnable, "needs the daemon binary and chromium (scripts/system-packages)"))
    func kioskTicketAppearsOnTheBoardWhenCalled() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-browser-\(UUID().uuidString)").path
        let daemon = DaemonProcess(dataDirectory: dir)
        try daemon.start()
        defer { _ = daemon.terminate() }

        let (text, status) = try runProgram("/usr/bin/env", ["python3", Self.script, daemon.baseURL])
        print(text)
        #expect(status == 0, "\(text)")
        #expect(text.contains("browser checks passed"))
    }
}
