import Foundation

/// What some tests need beyond Swift: a built binary, a running service, a system tool.
/// `scripts/test` installs and starts all of it, so every test runs and a missing need
/// fails the run instead of skipping it. The one way out is explicit and reported:
/// `ONEVISIT_TEST_WITHOUT=cups,browser scripts/test` opts out of those needs by name.
public enum TestNeed: String, CaseIterable, Sendable {
    /// The `onevisitd` and `onevisit` binaries next to the tests (`swift build --build-tests`).
    case daemon
    /// cupsd with the capture queues of `scripts/cups-test-queues` (root).
    case cups
    /// Headless Chromium (`chromium`).
    case browser
    /// `umockdev-run` for the emulated USB and input devices.
    case umockdev
    /// zbarimg and tesseract, which read printed codes and text back.
    case ocr
    /// Schemathesis in `.build/venv` (`scripts/python-packages`).
    case schemathesis
    /// mount(8) of a small tmpfs, as root or through `sudo -n` (the full-disk test).
    case tmpfs

    /// The needs this run opted out of.
    public static var optedOut: Set<TestNeed> {
        let names = (ProcessInfo.processInfo.environment["ONEVISIT_TEST_WITHOUT"] ?? "").split(separator: ",")
        return Set(names.compactMap { TestNeed(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
    }

    /// Whether tests with this need run (they do unless opted out).
    public var wanted: Bool { !Self.optedOut.contains(self) }
}
