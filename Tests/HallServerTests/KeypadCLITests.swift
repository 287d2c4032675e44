import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

/// The real daemon with `--simulate` and the clerk's and supervisor's CLI: a service ends at
/// window 3, `onevisit simulate keypad 3 5` presses a key on its simulated keypad (a frame
/// through the keypad driver), and the review shows in the supervisor's summary and export.
@Suite("onevisit simulate keypad and reviews", .serialized, .timeLimit(.minutes(5)))
struct KeypadCLITests {
    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(3)))
    func pressOnTheSimulatedKeypadOfARunningDaemon() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-keypad-cli-\(UUID().uuidString)").path
        let daemon = DaemonProcess(dataDirectory: dir, simulate: true)
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        let clerk = try await CLIUser.login("clerk3", at: daemon), technician = try await CLIUser.login("technician1", at: daemon)
        let supervisor = try await CLIUser.login("supervisor1", at: daemon)
        _ = try await clerk.expect(["window", "sign-in", "3"])
        _ = try await clerk.expect(["ticket", "take", "--queue", "general"])
        for step in ["call-next", "start", "finish"] { _ = try await clerk.expect(["window", step, "3"]) }
        // The simulator's keys are the technician's.
        _ = try await clerk.expect(["simulate", "keypad", "3", "5"], status: 1)
        _ = try await technician.expect(["simulate", "keypad", "3", "5"])

        // The daemon is another process: ask it until the review is there.
        let deadline = ContinuousClock.now + .seconds(30)
        var reviews: [[String: Any]] = []
        while reviews.isEmpty {
            guard ContinuousClock.now < deadline else { throw TestFailure("no review within 30 s:\n\(daemon.log)") }
            var request = HTTPClientRequest(url: daemon.baseURL + "/api/v1/reviews")
            request.headers.add(name: "Authorization", value: "Bearer " + (try supervisor.token))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            reviews = try json(try await response.body.collect(upTo: 1 << 20))["reviews"] as? [[String: Any]] ?? []
            if reviews.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(reviews.count == 1)
        #expect(reviews.first?["ticketNumber"] as? String == "A001" && reviews.first?["staffName"] as? String == "王芳")

        let summary = try await supervisor.expect(["reviews", "summary", "--by", "staff"])
        #expect(summary.contains("王芳") && summary.contains("100.0%"), "\(summary)")
        _ = try await supervisor.expect(["reviews", "export", "-o", dir + "/reviews.csv"])
        let csv = try String(contentsOfFile: dir + "/reviews.csv", encoding: .utf8)
        #expect(csv.contains(",非常满意,5,否,A001,"))

        // Bad input is named, and nothing is pressed.
        let bad = try await technician.run(["simulate", "keypad", "3", "9"])
        #expect(bad.status != 0 && bad.output.contains("LEVEL is 1"))
        let noWindow = try await technician.run(["simulate", "keypad", "42", "5"])
        #expect(noWindow.status != 0 && noWindow.output.contains("no keypad at window"))
        #expect(await daemon.stopped() == 0)
    }
}
