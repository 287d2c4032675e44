import EscPos
import Foundation
import HallServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// The kiosk prints through the real driver to the simulated printer behind a
/// pseudo-terminal: a ticket is stored before it is printed, and a printer out of paper,
/// unplugged or hung never costs the citizen the ticket nor holds the kiosk.
@Suite("Printing tickets at the kiosk", .serialized, .timeLimit(.minutes(5)))
struct TicketPrintingTests {
    static func take(_ client: some TestClientProtocol, _ body: String = #"{"bundle": "newborn"}"#) async throws -> [String: Any] {
        try await client.execute(uri: "/api/v1/tickets", method: .post, as: nil, body: body) { response async throws in
            #expect(response.status == .created)
            return try json(response.body)
        }
    }

    static func printOutcome(_ ticket: [String: Any]) -> [String: Any] { ticket["print"] as? [String: Any] ?? [:] }

    static func kioskReport(_ client: some TestClientProtocol, _ technician: String) async throws -> [String: Any] {
        try await client.execute(uri: "/api/v1/devices", method: .get, as: technician) { response async throws in
            let printers = try json(response.body)["printers"] as? [[String: Any]] ?? []
            return printers.first { $0["id"] as? String == "kiosk-1" } ?? [:]
        }
    }

    static func simulate(_ client: some TestClientProtocol, _ technician: String, _ change: String) async throws {
        try await client.execute(uri: "/api/v1/simulator/printers/kiosk-1", method: .post, as: technician, body: change) {
            #expect($0.status == .ok)
        }
    }

    @Test func ticketComesOutAsTheLayoutEncodesItAndItsQRCodeReadsBack() async throws {
        let (hall, _) = try await makeTestHall(simulatedPrinters: true)
        let simulator = try #require(hall.printers.printer("kiosk-1")?.simulator)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        try await app.test(.live) { client in
            let ticket = try await Self.take(client)
            #expect(Self.printOutcome(ticket)["state"] as? String == "printed")
            let job = try #require(await simulator.waitForJobs(count: 1).first)

            let stored = try #require(try await hall.store.ticket(id: ticket["id"] as! String))
            let statusURL = hall.publicURL + "/t/" + stored.id
            let expected = try QueueTicketLayout(ticket: stored, hall: hall.current, statusURL: statusURL, reprintedAt: nil)
                .encoded(with: EscPosEncoder(paper: .mm80)).bytes
            #expect(job.bytes == expected, "the printer got exactly what the encoder made")
            #expect(job.bytes.count < 2048, "prints in text mode: \(job.bytes.count) bytes")
            #expect(job.problems.isEmpty)
            #expect(job.text.contains("B001"))
            #expect(job.text.contains("一件事一次办 · 新生儿出生"))
            #expect(job.text.contains("1. 夫妻双方身份证"))
            #expect(!job.text.contains("1. 出生医学证明"), "the bundle issues it; not asked")
            // The code scans to the hall's public address and the ticket the kiosk was answered with,
            // and that page is served.
            let id = try #require(ticket["id"] as? String)
            #expect(job.qrPayloads == ["http://127.0.0.1:8080/t/" + id])
            let page = try await client.execute(uri: "/t/" + id, method: .get)
            #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }

    /// The picture of the printed ticket carries its content: the QR code scans to the status
    /// page and OCR reads the service and the one-time notice back.
    @Test(.enabled(if: TestNeed.ocr.wanted, "opted out: ONEVISIT_TEST_WITHOUT=ocr"))
    func printedPictureReadsBack() async throws {
        let (hall, _) = try await makeTestHall(simulatedPrinters: true)
        let simulator = try #require(hall.printers.printer("kiosk-1")?.simulator)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        try await app.test(.live) { client in
            let ticket = try await Self.take(client)
            let job = try #require(await simulator.waitForJobs(count: 1).first)
            let statusURL = hall.publicURL + "/t/" + (ticket["id"] as! String)
            #expect(try zbar(job.basePath + ".png") == ["QR-Code:" + statusURL], "the printed QR code scans")
            let text = try ocr(png: job.basePath + ".png")
            for phrase in ["新生儿出生", "一次告知", "夫妻双方身份证", "夫妻双方结婚证", "请留意叫号"] {
                #expect(text.contains(phrase), "OCR did not find \(phrase) in:\n\(text)")
            }
        }
    }

    @Test func paperOutKeepsTheTicketAndSaysWhy() async throws {
        let (hall, _) = try await makeTestHall(simulatedPrinters: true)
        let technician = try await hall.session("technician1"), kiosk = try await hall.kioskToken()
        let simulator = try #require(hall.printers.printer("kiosk-1")?.simulator)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        try await app.test(.live) { client in
            try await Self.simulate(client, technician, #"{"paper": "out"}"#)
            let ticket = try await Self.take(client, #"{"queue": "general"}"#)
            let outcome = Self.printOutcome(ticket)
            #expect(outcome["state"] as? String == "failed")
            #expect(outcome["code"] as? String == "not_ready")
            #expect((outcome["reason"] as? String)?.contains("paper out") == true)
            let id = try #require(ticket["id"] as? String)
            try await client.execute(uri: "/api/v1/tickets/\(id)", method: .get) { #expect($0.status == .ok) }
            let report = try await Self.kioskReport(client, technician)
            #expect(report["problem"] as? String == "paper out")
            #expect(simulator.jobsCut == 0)

            // Paper loaded: the kiosk's retry prints it, not marked as a reprint.
            try await Self.simulate(client, technician, #"{"paper": "ok"}"#)
            let retried = try await client.execute(uri: "/api/v1/tickets/\(id)/print", method: .post, as: kiosk) { try json($0.body) }
            #expect(Self.printOutcome(retried)["state"] as? String == "printed")
            let job = try #require(await simulator.waitForJobs(count: 1).first)
            #expect(job.text.contains("A001"))
            #expect(!job.text.contains("补打"))
        }
    }

    @Test func unpluggedPrinterFailsFastAndIsUsedAgainOncePluggedBack() async throws {
        let (hall, _) = try await makeTestHall(simulatedPrinters: true)
        let technician = try await hall.session("technician1")
        let simulator = try #require(hall.printers.printer("kiosk-1")?.simulator)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        try await app.test(.live) { client in
            try await Self.simulate(client, technician, #"{"plugged": false}"#)
            let ticket = try await Self.take(client, #"{"queue": "general"}"#)
            let outcome = Self.printOutcome(ticket)
            #expect(outcome["state"] as? String == "failed")
            #expect(["not_connected", "disconnected"].contains(outcome["code"] as? String ?? ""), "\(outcome)")
            #expect(try await Self.kioskReport(client, technician)["connected"] as? Bool == false)

            try await Self.simulate(client, technician, #"{"plugged": true}"#)
            let next = try await Self.take(client, #"{"queue": "general"}"#)
            #expect(Self.printOutcome(next)["state"] as? String == "printed")
            #expect(await simulator.waitForJobs(count: 1).first?.text.contains("A002") == true)
            #expect(try await Self.kioskReport(client, technician)["connected"] as? Bool == true)
        }
    }

    /// A printer that takes bytes and never answers: the kiosk still gets its ticket after
    /// `printWait`, and the driver gives the job up with a timeout.
    @Test func hungPrinterNeverHoldsTheKiosk() async throws {
        let (hall, _) = try await makeTestHall(simulatedPrinters: true, printWait: .milliseconds(300))
        let technician = try await hall.session("technician1")
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        try await app.test(.live) { client in
            try await Self.simulate(client, technician, #"{"responding": false}"#)
            let ticket = try await Self.take(client, #"{"queue": "general"}"#)
            // Still going when the kiosk got its answer: it did not wait for the device's timeout.
            #expect(["printing", "queued"].contains(Self.printOutcome(ticket)["state"] as? String ?? ""), "\(ticket)")
            let id = try #require(ticket["id"] as? String)
            let job = try #require(Self.printOutcome(ticket)["job"] as? String)
            let final = await hall.printers.printer("kiosk-1")!.driver.outcome(of: job, waitingUpTo: .seconds(30))
            #expect(final == .failed(.timeout("reading status \(hall.printers.printer("kiosk-1")!.simulator!.devicePath)")))
            let records = try await hall.printers.log!.records(documentKind: "ticket", documentID: id)
            #expect(records.count == 1)
        }
    }

    @Test func reprintAtAWindowIsMarkedAsOne() async throws {
        let (hall, _) = try await makeTestHall(simulatedPrinters: true)
        let technician = try await hall.session("technician1")
        let windowPrinter = try #require(hall.printers.printer("window-3")?.simulator)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        try await app.test(.live) { client in
            let ticket = try await Self.take(client)
            let id = try #require(ticket["id"] as? String)
            // The clerk at window 3 reprints: it comes out of window 3's printer.
            let clerk3 = try await hall.session("clerk3", window: "3")
            let again = try await client.execute(uri: "/api/v1/tickets/\(id)/print", method: .post, as: clerk3) { try json($0.body) }
            #expect(Self.printOutcome(again)["printer"] as? String == "window-3")
            let job = try #require(await windowPrinter.waitForJobs(count: 1).first)
            #expect(job.text.contains("** 补打 REPRINT **"))
            let prints = try await client.execute(uri: "/api/v1/tickets/\(id)/prints", method: .get, as: technician) {
                try json($0.body)["prints"] as? [[String: Any]] ?? []
            }
            #expect(prints.map { $0["reprint"] as? Bool } == [false, true])
            #expect(prints.map { $0["state"] as? String } == ["printed", "printed"])
        }
    }
}

/// The daemon's kiosk printer is a CUPS raw queue (`scripts/cups-test-queues`): the job goes
/// through libcups and a real cupsd, and the backend's capture equals the encoder's output.
@Suite("Printing tickets through CUPS", .enabled(if: TestNeed.cups.wanted, "opted out: ONEVISIT_TEST_WITHOUT=cups"), .timeLimit(.minutes(5)))
struct CupsTicketPrintingTests {
    @Test func kioskTicketThroughCupsArrivesByteForByte() async throws {
        let devices = #"{"printers": [{"id": "kiosk-1", "role": "kiosk", "cups": "OneVisitCapture"}]}"#
        let (hall, _) = try await makeTestHall(devices: devices, printWait: .seconds(20))
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        let before = CupsTestQueues.captured()
        try await app.test(.live) { client in
            let ticket = try await TicketPrintingTests.take(client)
            #expect(TicketPrintingTests.printOutcome(ticket)["state"] as? String == "printed", "\(ticket)")
            let stored = try #require(try await hall.store.ticket(id: ticket["id"] as! String))
            let expected = try QueueTicketLayout(ticket: stored, hall: hall.current, statusURL: hall.publicURL + "/t/" + stored.id,
                                                 reprintedAt: nil).encoded(with: EscPosEncoder(paper: .mm80)).bytes
            // Other tests may print to the same queue at the same time: look for this job's bytes.
            let new = CupsTestQueues.captured().subtracting(before).compactMap { FileManager.default.contents(atPath: $0) }
            #expect(new.contains { Array($0) == expected }, "\(new.count) new captured jobs, none equal to the encoder's output")
        }
    }

    @Test func stoppedCupsQueueFailsTheTicketPrintWithTheReason() async throws {
        let devices = #"{"printers": [{"id": "kiosk-1", "role": "kiosk", "cups": "OneVisitStopped"}]}"#
        let (hall, _) = try await makeTestHall(devices: devices)
        let technician = try await hall.session("technician1")
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        try await app.test(.live) { client in
            let outcome = TicketPrintingTests.printOutcome(try await TicketPrintingTests.take(client))
            #expect(outcome["state"] as? String == "failed")
            #expect(outcome["code"] as? String == "not_ready")
            #expect((outcome["reason"] as? String)?.contains("paper jam (test queue)") == true)
            // The technician sees it too, not "ok".
            let report = try await TicketPrintingTests.kioskReport(client, technician)
            #expect((report["problem"] as? String)?.contains("stopped") == true, "\(report)")
        }
    }
}
