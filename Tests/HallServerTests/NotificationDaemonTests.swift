import Foundation
import TestSupport
import Testing

/// The real daemon, without `--simulate`, with its SMS gateway down (seed 004 §8.2.4; issue
/// 14: "with the receiver down they are retried and arrive exactly once when it is back,
/// also across a daemon restart"): a technician's test message is retried while the gateway
/// is down, survives the daemon's stop, and arrives once when both are back; the phone is
/// masked in the outbox listing and never in full in the daemon's log. A close-day notice to
/// a citizen whose booking it cancelled goes the same way.
@Suite("Notifications across a daemon restart", .serialized, .timeLimit(.minutes(5)))
struct NotificationDaemonTests {
    static let phone = "13987654321"
    static let bookerPhone = "13712345678"

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(3)))
    func aMessageEnqueuedWhileTheGatewayIsDownArrivesOnceAfterARestart() async throws {
        // A port for the gateway, closed again: the gateway is down.
        let port = try await WebhookReceiver.closedPort()
        let dir = try DaemonWithoutSimulationTests.scratch("notifications", config: """
            log:
              level: info
            notifications:
              webhookURL: http://127.0.0.1:\(port)/sms
              timeoutSeconds: 2
              retryBaseSeconds: 0.3
              retryMaxSeconds: 1
            """)

        let first = DaemonProcess(dataDirectory: dir, staff: ["technician1", "supervisor1"])
        try await first.start()
        defer { first.stopWithoutWaiting() }
        let technician = try await DaemonHTTP.signIn(first, "technician1")
        let (status, queued) = try await DaemonHTTP.send(.POST, first.baseURL + "/api/v1/notifications/test",
                                                         #"{"phone": "\#(Self.phone)"}"#, as: technician)
        #expect(status == 202 && queued["to"] as? String == "139****4321", "\(status) \(queued)")
        let id = try #require(queued["id"] as? String)
        #expect(await first.waitForLog("Notification not delivered", count: 2), "no retries while the gateway is down:\n\(first.log)")

        // A citizen's booking, then its day closed by the supervisor: the closure notice waits
        // in the outbox with the test message.
        let supervisor = try await DaemonHTTP.signIn(first, "supervisor1")
        let (_, offers) = try await DaemonHTTP.send(.GET, first.baseURL + "/api/v1/appointments/offers")
        let offer = try #require((offers["offers"] as? [[String: Any]])?.first { !(($0["days"] as? [String]) ?? []).isEmpty })
        let offerID = try #require(offer["id"] as? String), day = try #require((offer["days"] as? [String])?.last)
        let (_, slots) = try await DaemonHTTP.send(.GET, first.baseURL + "/api/v1/appointments/slots?item=\(offerID)&date=\(day)")
        let slot = try #require((slots["slots"] as? [[String: Any]])?.first { ($0["available"] as? Int ?? 0) > 0 })
        let (booked, _) = try await DaemonHTTP.send(.POST, first.baseURL + "/api/v1/appointments", #"""
            {"item": "\#(offerID)", "start": "\#(slot["start"] as? String ?? "")", "idNumber": "\#(AppointmentAPITests.idNumber(7))",
             "name": "王小明", "phone": "\#(Self.bookerPhone)"}
            """#)
        #expect(booked == 201)
        let (closed, closure) = try await DaemonHTTP.send(.POST, first.baseURL + "/api/v1/appointments/closures",
                                                          #"{"date": "\#(day)", "reason": "系统升级"}"#, as: supervisor)
        #expect(closed == 201 && (closure["cancelled"] as? [Any])?.count == 1, "\(closed) \(closure)")

        let (_, listed) = try await DaemonHTTP.send(.GET, first.baseURL + "/api/v1/notifications", as: supervisor)
        let failing = try #require((listed["messages"] as? [[String: Any]])?.first { $0["id"] as? String == id })
        #expect(failing["state"] as? String == "failing" && (failing["attempts"] as? Int ?? 0) >= 2 && failing["text"] == nil)
        #expect(failing["to"] as? String == "139****4321" && (failing["lastError"] as? String)?.contains("cannot reach") == true)
        #expect(await first.stopped() == 0)

        // The gateway comes back, then the daemon.
        let gateway = WebhookReceiver()
        try await gateway.start(port: port)
        let second = DaemonProcess(dataDirectory: dir)
        try await second.start()
        defer { second.stopWithoutWaiting() }
        let arrived = try await gateway.wait("the test message and the closure notice after the restart") { $0.count >= 2 }
        let test = try #require(arrived.first { $0.json["kind"] == "test" })
        #expect(test.idempotencyKey == id && test.json["to"] == Self.phone)
        #expect(arrived.contains { $0.json["to"] == Self.bookerPhone }, "the closure notice to the citizen: \(arrived.map(\.json))")
        #expect(await second.waitForLog("Notification delivered"), "\(second.log)")
        let again = try await DaemonHTTP.signIn(second, "supervisor1")
        let (_, after) = try await DaemonHTTP.send(.GET, second.baseURL + "/api/v1/notifications", as: again)
        let sent = try #require((after["messages"] as? [[String: Any]])?.first { $0["id"] as? String == id })
        #expect(sent["state"] as? String == "sent" && sent["lastError"] == nil)
        #expect(await second.stopped() == 0)

        // A third start finds nothing left to send.
        let third = DaemonProcess(dataDirectory: dir)
        try await third.start()
        let thirdStatus = await third.stopped()
        #expect(thirdStatus == 0, "\(third.log)")
        await gateway.stop()
        #expect(gateway.arrivals.count == 2, "sent more than once: \(gateway.arrivals)")

        for daemon in [first, second, third] {
            #expect(!daemon.log.contains(Self.phone) && !daemon.log.contains(Self.bookerPhone), "a full phone number in the daemon's log")
        }
        #expect(first.log.contains("to=139****4321"))
    }
}
