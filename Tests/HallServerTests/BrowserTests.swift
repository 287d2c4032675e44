import Foundation
import TestSupport
import Testing

/// The kiosk, display board and ticket status pages in a real headless Chromium, driven by
/// `Tests/Browser/hall_pages.py` over the DevTools protocol against the real daemon.
@Suite("Hall pages in headless Chromium", .serialized, .timeLimit(.minutes(5)))
struct BrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Browser/hall_pages.py").path

    @Test(.enabled(if: TestNeed.daemon.wanted && TestNeed.browser.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon or browser"))
    func kioskTicketAppearsOnTheBoardWhenCalled() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-browser-\(UUID().uuidString)").path
        let daemon = DaemonProcess(dataDirectory: dir, simulate: true)
        try await daemon.start()
        defer { _ = daemon.terminate() }

        let (text, status) = try await runProgram("/usr/bin/env", ["python3", Self.script, daemon.baseURL])
        print(text)
        #expect(status == 0, "\(text)")
        #expect(text.contains("browser checks passed"))
    }
}
