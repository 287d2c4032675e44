import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport
import Testing

/// The real daemon with `--simulate`: its kiosk reader is the driver on one end of a
/// pseudo-terminal and the SAM simulator, paced at 115200 baud, on the other.
@Suite("Real-name tickets with the ID reader", .serialized, .timeLimit(.minutes(5)))
struct RealNameTicketTests {
    static func post(_ url: String, _ body: String, as token: String? = nil) async throws -> (status: Int, json: [String: Any]) {
        try await DaemonHTTP.send(.POST, url, body, as: token)
    }

    static func get(_ url: String, as token: String) async throws -> [String: Any] {
        try await DaemonHTTP.send(.GET, url, as: token).json
    }

    /// Until the reader has read the card (the daemon is another process: ask it).
    static func waitForCard(_ base: String, reader: String, as technician: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let readers = try await get(base + "/api/v1/devices", as: technician)["readers"] as? [[String: Any]] ?? []
            if readers.first(where: { $0["id"] as? String == reader })?["cardWaiting"] as? Bool == true { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("reader \(reader) did not read the card within 30 s")
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
    func elderlyCardHolderGetsAPriorityRealNameTicket() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-realname-\(UUID().uuidString)").path
        let daemon = DaemonProcess(dataDirectory: dir, simulate: true)
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        let base = daemon.baseURL
        let technician = try await DaemonHTTP.signIn(daemon, "technician1"), kiosk = "ovd_demo-kiosk-1"

        // The card on a kiosk's reader is only for that kiosk: nobody else takes it.
        let anonymous = try await Self.post(base + "/api/v1/tickets", #"{"queue": "general", "reader": "kiosk-1"}"#)
        #expect(anonymous.status == 401)
        let clerk = try await DaemonHTTP.signIn(daemon, "clerk1")
        let staff = try await Self.post(base + "/api/v1/tickets", #"{"queue": "general", "reader": "kiosk-1"}"#, as: clerk)
        #expect(staff.status == 403)

        // No card yet: a clear refusal, no ticket.
        let refused = try await Self.post(base + "/api/v1/tickets", #"{"queue": "general", "reader": "kiosk-1"}"#, as: kiosk)
        #expect(refused.status == 409)
        #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "no_card")

        // 张建国, born 1950-03-12: over 70, so the priority lane.
        let placed = try await Self.post(base + "/api/v1/simulator/readers/kiosk-1", #"{"sample": "elderly-resident"}"#, as: technician)
        #expect(placed.status == 200)
        try await Self.waitForCard(base, reader: "kiosk-1", as: technician)
        let ticket = try await Self.post(base + "/api/v1/tickets", #"{"queue": "general", "reader": "kiosk-1"}"#, as: kiosk)
        #expect(ticket.status == 201)
        #expect(ticket.json["priority"] as? String == "elderly")
        let holder = ticket.json["holder"] as? [String: Any] ?? [:]
        #expect(holder["maskedNumber"] as? String == "1506**********123X")
        #expect(holder["maskedName"] as? String == "张**")
        #expect((holder["age"] as? Int ?? 0) >= 76)

        // The card is used up: the next citizen does not get a ticket in this name.
        let again = try await Self.post(base + "/api/v1/tickets", #"{"queue": "general", "reader": "kiosk-1"}"#, as: kiosk)
        #expect(again.status == 409)

        // A younger holder at the same kiosk: real name, no priority.
        _ = try await Self.post(base + "/api/v1/simulator/readers/kiosk-1", #"{"sample": "resident"}"#, as: technician)
        try await Self.waitForCard(base, reader: "kiosk-1", as: technician)
        let younger = try await Self.post(base + "/api/v1/tickets", #"{"queue": "general", "reader": "kiosk-1"}"#, as: kiosk)
        #expect(younger.status == 201, "\(younger.json)")
        #expect(younger.json["number"] as? String != nil && younger.json["priority"] == nil)
        #expect((younger.json["holder"] as? [String: Any])?["maskedNumber"] as? String == "4403**********4442")

        // The printed ticket carries the masked number only; the log neither name nor number.
        let printed = await PrintedJobs.texts(dataDirectory: dir, printer: "kiosk-1", count: 1).first ?? ""
        #expect(printed.contains("张** 1506**********123X"))
        #expect(printed.contains("绿色通道 · 老年人"))
        #expect(await daemon.stopped() == 0)
        for secret in ["15060219500312123X", "张建国", "440307198802294442", "李小红"] {
            #expect(!daemon.log.contains(secret), "the log carries \(secret)")
            #expect(!printed.contains(secret))
        }
    }

    /// The daemon is a process of its own, so its descriptors can be counted exactly: pulling
    /// the reader's cable fifteen times leaves none behind.
    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
    func unpluggingTheReaderLeaksNoDescriptor() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-fdleak-\(UUID().uuidString)").path
        let daemon = DaemonProcess(dataDirectory: dir, simulate: true)
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        let base = daemon.baseURL
        let technician = try await DaemonHTTP.signIn(daemon, "technician1")
        func readerConnected() async throws -> Bool {
            let readers = try await Self.get(base + "/api/v1/devices", as: technician)["readers"] as? [[String: Any]] ?? []
            return readers.first { $0["id"] as? String == "kiosk-1" }?["connected"] as? Bool ?? false
        }
        func waitUntil(connected: Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(30)
            while try await readerConnected() != connected {
                guard ContinuousClock.now < deadline else { throw TestFailure("reader never became connected=\(connected)") }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        func descriptors() -> Int {
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(daemon.process.processIdentifier)/fd").count) ?? -1
        }
        try await waitUntil(connected: true)
        let before = descriptors()
        for _ in 0..<15 {
            _ = try await Self.post(base + "/api/v1/simulator/readers/kiosk-1", #"{"plugged": false}"#, as: technician)
            try await waitUntil(connected: false)
            _ = try await Self.post(base + "/api/v1/simulator/readers/kiosk-1", #"{"plugged": true}"#, as: technician)
            try await waitUntil(connected: true)
        }
        let after = descriptors()
        #expect(before > 0)
        #expect(after <= before + 2, "descriptors: \(before) before, \(after) after 15 unplugs")
    }
}
