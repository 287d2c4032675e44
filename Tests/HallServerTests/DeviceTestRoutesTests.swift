import Cameras
import EscPos
import Foundation
import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import NIOCore
import Testing

/// The technician's device tests through the real drivers to the simulated devices behind
/// pseudo-terminals: what the printer received, a card answered masked, a camera frame
/// checked and never kept, a keypad press waited for; only technicians may run them.
@Suite("Device tests for the technician", .serialized, .timeLimit(.minutes(5)))
struct DeviceTestRoutesTests {
    /// Thursday 2026-09-24, 10:00 in the hall.
    static let start = ISO8601DateFormatter().date(from: "2026-09-24T02:00:00Z")!

    static func post(_ client: some TestClientProtocol, _ uri: String, as token: String?, _ body: String? = nil,
                     expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
        try await client.execute(uri: uri, method: .post, as: token, body: body) { response async throws in
            #expect(response.status == status, "\(uri): \(String(buffer: response.body))")
            return try json(response.body)
        }
    }

    @Test func testSlipComesOutOfThePrinterAndOnlyATechnicianMayPrintIt() async throws {
        let (hall, _) = try await makeTestHall(clock: { Self.start }, simulatedPrinters: true)
        let technician = try await hall.session("technician1"), clerk = try await hall.session("clerk4", window: "4")
        let simulator = try #require(hall.printers.printer("window-4")?.simulator)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        try await app.test(.live) { client in
            let uri = "/api/v1/devices/printers/window-4/test-print"
            _ = try await Self.post(client, uri, as: clerk, expect: .forbidden)
            _ = try await Self.post(client, uri, as: nil, expect: .unauthorized)
            #expect(simulator.jobsCut == 0, "a refused caller printed nothing")

            let answer = try await Self.post(client, uri, as: technician)
            #expect(answer["ok"] as? Bool == true)
            #expect((answer["outcome"] as? [String: Any])?["state"] as? String == "printed")
            #expect((answer["report"] as? [String: Any])?["printed"] as? Int == 1)
            let job = try #require(await simulator.waitForJobs(count: 1).first)
            let expected = try EscPosEncoder(paper: .mm80).encode(TestSlipLayout(
                hallName: hall.layout.hallName, printerID: "window-4", paper: .mm80, printedAt: "2026-09-24 10:00", technician: "马强",
                qrPayload: hall.publicURL + "/").document()).bytes
            #expect(job.bytes == expected, "the printer got exactly the test slip")
            #expect(job.problems.isEmpty)
            #expect(job.text.contains("打印测试") && job.text.contains("window-4") && job.text.contains("马强"))
            #expect(job.qrPayloads == [hall.publicURL + "/"])
            let records = try await hall.printers.log!.records(documentKind: "test", documentID: "test-window-4")
            #expect(records.map(\.state) == [.printed], "the test slip is in the print log as one")

            // Out of paper: the test says so and nothing comes out.
            var status = simulator.status
            status.paperOut = true
            simulator.setStatus(status)
            let refused = try await Self.post(client, uri, as: technician)
            #expect(refused["ok"] as? Bool == false)
            #expect((refused["outcome"] as? [String: Any])?["code"] as? String == "not_ready", "\(refused)")
            #expect(simulator.jobsCut == 1)
            _ = try await Self.post(client, "/api/v1/devices/printers/nowhere/test-print", as: technician, expect: .notFound)
        }
    }

    @Test func cardReadAnswersMaskedAndUsesTheCardUp() async throws {
        let (hall, _) = try await makeTestHall(simulatedReaders: true)
        let technician = try await hall.session("technician1"), supervisor = try await hall.session("supervisor1")
        let reader = try #require(hall.readers.reader("kiosk-1"))
        let card = try #require(HallFiles.sampleCard("elderly-resident"))
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        try await app.test(.live) { client in
            let uri = "/api/v1/devices/readers/kiosk-1/read"
            _ = try await Self.post(client, uri, as: supervisor, expect: .forbidden)
            reader.simulator!.place(card)
            let text = try await client.execute(uri: uri, method: .post, as: technician, body: #"{"seconds": 10}"#) { response async throws in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(answer["ok"] as? Bool == true, "\(answer)")
            let read = try #require(answer["card"] as? [String: Any])
            #expect(read["holder"] as? String == card.maskedName + " " + card.maskedNumber)
            #expect(read["cardTypeName"] as? String == "居民身份证")
            #expect(!text.contains(card.number) && !text.contains(card.name), "no full number or name: \(text)")
            #expect(await reader.driver.card == nil, "the test card cannot give the next person a ticket in its name")

            // Nothing on the reader: the test says so once the wait is over.
            reader.simulator!.remove()
            let empty = try await Self.post(client, uri, as: technician, #"{"seconds": 1}"#)
            #expect(empty["ok"] as? Bool == false && empty["card"] == nil)
            #expect((empty["problem"] as? String)?.contains("no card") == true, "\(empty)")
            _ = try await Self.post(client, uri, as: technician, #"{"seconds": 99}"#, expect: .badRequest)
        }
    }

    @Test func cameraTestFrameIsCheckedShownSmallAndNotKept() async throws {
        let (hall, dir) = try await makeTestHall(simulatedCameras: true)
        let technician = try await hall.session("technician1")
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true)
        try await app.test(.router) { client in
            let answer = try await Self.post(client, "/api/v1/devices/cameras/4/test-capture", as: technician)
            #expect(answer["ok"] as? Bool == true, "\(answer)")
            #expect(answer["width"] as? Int == 1240 && answer["height"] as? Int == 1754)
            let preview = try #require((answer["preview"] as? String).flatMap { Data(base64Encoded: $0) })
            let decoded = try JPEGCodec.check([UInt8](preview))
            #expect(decoded.width <= 200 && decoded.width == answer["previewWidth"] as? Int)
            #expect(Self.files(under: dir + "/materials") == [], "no page kept")

            hall.cameras.camera(window: "4")!.simulator!.setUnplugged(true)
            let failed = try await Self.post(client, "/api/v1/devices/cameras/4/test-capture", as: technician)
            #expect(failed["ok"] as? Bool == false && failed["preview"] == nil)
            #expect(failed["problem"] as? String != nil)
            _ = try await Self.post(client, "/api/v1/devices/cameras/99/test-capture", as: technician, expect: .notFound)

            // /metrics counts the frame and the failure by outcome.
            let text = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(DeviceMetricsTests.value(text, "onevisit_camera_captures", [#"id="window-4""#, #"outcome="captured""#]) == 1, "\(text.split(separator: "\n").filter { $0.hasPrefix("onevisit_camera") })")
            #expect(DeviceMetricsTests.value(text, "onevisit_camera_captures", [#"id="window-4""#, #"outcome="failed""#]) == 1)
        }
    }

    @Test func keypadTestLightsThePromptAndWaitsForOnePress() async throws {
        let (hall, _) = try await makeTestHall(simulatedKeypads: true)
        let technician = try await hall.session("technician1"), clerk3 = try await hall.session("clerk3", window: "3")
        let keypad = try #require(hall.keypads.keypad(window: "3"))
        let simulator = try #require(keypad.simulator)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true,
                                            services: hall.deviceServices + [KeypadReviewService(keypads: hall.keypads, reviewDesk: hall.reviewDesk)])
        try await app.test(.live) { client in
            await keypad.driver.waitUntil(connected: true)
            let before = simulator.received().count
            async let answer = Self.post(client, "/api/v1/devices/keypads/3/test", as: technician, #"{"seconds": 15}"#)
            // Pressed once the prompt frame has reached the keypad: the test listens by then.
            while simulator.received().count == before { try await Task.sleep(for: .milliseconds(20)) }
            try simulator.press(level: 5)
            let result = try await answer
            #expect(result["ok"] as? Bool == true, "\(result)")
            #expect(result["prompt"] as? String == "lit")
            #expect(result["level"] as? Int == 5 && result["levelName"] as? String == "非常满意")

            let silent = try await Self.post(client, "/api/v1/devices/keypads/3/test", as: technician, #"{"seconds": 1}"#)
            #expect(silent["ok"] as? Bool == false && (silent["problem"] as? String)?.contains("no key") == true, "\(silent)")

            // A finished service waits for its citizen's review: the test would take it, so it is refused.
            _ = try await Self.post(client, "/api/v1/tickets", as: nil, #"{"queue": "general"}"#, expect: .created)
            for step in ["call-next", "start", "finish"] { _ = try await Self.post(client, "/api/v1/windows/3/\(step)", as: clerk3) }
            let refused = try await Self.post(client, "/api/v1/devices/keypads/3/test", as: technician, expect: .conflict)
            #expect((refused["error"] as? [String: Any])?["code"] as? String == "review_pending")
            _ = try await Self.post(client, "/api/v1/devices/keypads/3/test", as: clerk3, expect: .forbidden)
            let supervisor = try await hall.session("supervisor1")
            try await client.execute(uri: "/api/v1/reviews", method: .get, as: supervisor) { response async throws in
                #expect((try json(response.body)["reviews"] as? [Any])?.isEmpty == true, "a test press is no review")
            }
        }
    }

    /// The regular files below a directory (none when it does not exist).
    static func files(under path: String) -> [String] {
        let manager = FileManager.default
        return (manager.enumerator(atPath: path)?.allObjects as? [String] ?? []).filter { sub in
            var directory: ObjCBool = false
            return manager.fileExists(atPath: path + "/" + sub, isDirectory: &directory) && !directory.boolValue
        }
    }
}
