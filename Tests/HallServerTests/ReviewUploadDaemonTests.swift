import Foundation
import TestSupport
import Testing

/// The real daemon, without `--simulate`, with the 好差评 platform down (R6; issue 15: nothing
/// lost or counted twice across restarts): reviews given at the kiosk while the platform
/// refuses connections are retried, shown failing on the supervisor's dashboard, survive the
/// daemon's stop, and arrive exactly once when both are back; a third start sends nothing.
@Suite("Review uploads across a daemon restart", .serialized, .timeLimit(.minutes(5)))
struct ReviewUploadDaemonTests {
    static let count = 3

    /// A served ticket of the general queue at window 1, rated 5 at the kiosk; its review's id.
    static func review(at daemon: DaemonProcess, clerk: String) async throws -> String {
        let (issued, ticket) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/tickets", #"{"queue": "general"}"#)
        let id = try #require(ticket["id"] as? String, "\(issued) \(ticket)")
        for step in ["call-next", "start", "finish"] {
            let (status, answer) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/windows/1/\(step)", as: clerk)
            #expect(status == 200, "\(step): \(status) \(answer)")
        }
        let (rated, stored) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/reviews",
                                                        #"{"channel": "kiosk", "ticketID": "\#(id)", "level": 5}"#)
        #expect(rated == 201, "\(stored)")
        return try #require((stored["review"] as? [String: Any])?["id"] as? String)
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(3)))
    func reviewsGivenWhileThePlatformIsDownArriveOnceAfterARestart() async throws {
        // A port for the platform, closed again: the platform is down.
        let port = try await WebhookReceiver.closedPort()
        let dir = try DaemonWithoutSimulationTests.scratch("review-uploads", config: """
            log:
              level: info
            reviews:
              upload:
                url: http://127.0.0.1:\(port)/reviews
                token: hall-secret-token
                timeoutSeconds: 2
                retryBaseSeconds: 0.3
                retryMaxSeconds: 1
            """)

        let first = DaemonProcess(dataDirectory: dir, staff: ["clerk1", "supervisor1"])
        try await first.start()
        defer { first.stopWithoutWaiting() }
        let clerk = try await DaemonHTTP.signIn(first, "clerk1")
        let (signedIn, _) = try await DaemonHTTP.send(.POST, first.baseURL + "/api/v1/windows/1/sign-in", as: clerk)
        #expect(signedIn == 204)
        var given: [String] = []
        for _ in 1...Self.count { given.append(try await Self.review(at: first, clerk: clerk)) }
        #expect(await first.waitForLog("Review upload not delivered", count: 2 * Self.count), "no retries while the platform is down:\n\(first.log)")

        let supervisor = try await DaemonHTTP.signIn(first, "supervisor1")
        let (_, today) = try await DaemonHTTP.send(.GET, first.baseURL + "/api/v1/supervision/today", as: supervisor)
        let uploads = try #require(today["uploads"] as? [String: Any])
        #expect(uploads["sent"] as? Int == 0 && uploads["destination"] as? String == "127.0.0.1", "\(uploads)")
        #expect((uploads["failing"] as? Int ?? 0) + (uploads["pending"] as? Int ?? 0) == Self.count)
        let failing = try #require((uploads["failingUploads"] as? [[String: Any]])?.first)
        #expect((failing["lastError"] as? String)?.contains("cannot reach") == true && failing["nextAttemptAt"] != nil, "\(failing)")
        let cli = try await CLIUser.login("supervisor1", at: first)
        let shown = try await cli.expect(["reviews", "uploads"])
        #expect(shown.contains("platform 127.0.0.1") && shown.contains("sent today 0") && shown.contains("cannot reach"), "\(shown)")
        #expect(await first.stopped() == 0)

        // The platform comes back, then the daemon.
        let platform = WebhookReceiver(path: "/reviews")
        try await platform.start(port: port)
        let second = DaemonProcess(dataDirectory: dir)
        try await second.start()
        defer { second.stopWithoutWaiting() }
        let arrived = try await platform.wait("every review after the restart") { $0.count >= Self.count }
        #expect(Set(arrived.compactMap { $0.json["reviewID"] }) == Set(given))
        #expect(await second.waitForLog("Review upload delivered", count: Self.count), "\(second.log)")
        #expect(await second.stopped() == 0)

        // A third start finds nothing left to send.
        let third = DaemonProcess(dataDirectory: dir)
        try await third.start()
        let again = try await DaemonHTTP.signIn(third, "supervisor1")
        let (_, after) = try await DaemonHTTP.send(.GET, third.baseURL + "/api/v1/supervision/today", as: again)
        let done = try #require(after["uploads"] as? [String: Any])
        #expect(done["sent"] as? Int == Self.count && done["pending"] as? Int == 0 && done["failing"] as? Int == 0, "\(done)")
        #expect(await third.stopped() == 0)
        await platform.stop()

        // Exactly once: by idempotency key and by review id, and no key twice.
        let keys = platform.arrivals.compactMap(\.idempotencyKey)
        #expect(platform.arrivals.count == Self.count && Set(keys).count == Self.count, "sent more than once: \(platform.arrivals)")
        #expect(Set(platform.kept.compactMap { $0.json["reviewID"] }).count == Self.count && !platform.arrivals.contains(where: \.duplicate))
        #expect(platform.arrivals.allSatisfy { $0.authorization == "Bearer hall-secret-token" })
        for daemon in [first, second, third] { #expect(!daemon.log.contains("hall-secret-token"), "the token in the daemon's log") }
    }
}
