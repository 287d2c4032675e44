import Foundation
import HallServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Every device in `/metrics` (issue 17): state and errors by kind and id, the printers' paper
/// and jobs, read from the devices' reports at the scrape.
@Suite("Devices in /metrics", .timeLimit(.minutes(2)))
struct DeviceMetricsTests {
    static func value(_ text: String, _ name: String, _ labels: [String]) -> Double? {
        text.split(separator: "\n").first { line in line.hasPrefix(name + "{") && labels.allSatisfy { line.contains($0) } }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func printersAndKeypadsWithTheirStateAndCounts() async throws {
        let (hall, _) = try await makeTestHall(simulatedPrinters: true, simulatedKeypads: true)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        try await app.test(.live) { client in
            let ticket = try await TicketPrintingTests.take(client)
            #expect(TicketPrintingTests.printOutcome(ticket)["state"] as? String == "printed")
            let text = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(Self.value(text, "onevisit_device_connected", [#"kind="printer""#, #"id="kiosk-1""#]) == 1, "\(text.prefix(2000))")
            #expect(Self.value(text, "onevisit_device_error", [#"kind="printer""#, #"id="kiosk-1""#]) == 0)
            #expect(Self.value(text, "onevisit_device_state", [#"kind="printer""#, #"id="kiosk-1""#, #"state="ready""#]) == 1)
            #expect(Self.value(text, "onevisit_device_state", [#"kind="printer""#, #"id="kiosk-1""#, #"state="absent""#]) == 0)
            #expect(Self.value(text, "onevisit_printer_jobs", [#"id="kiosk-1""#, #"outcome="printed""#]) == 1)
            #expect(Self.value(text, "onevisit_printer_paper_out", [#"id="kiosk-1""#]) == 0)
            #expect(Self.value(text, "onevisit_device_connected", [#"kind="keypad""#]) != nil, "a keypad row")
        }
    }

    /// A card read and a key pressed are counted by device and outcome, as an alert on a reader
    /// that stopped reading would count them.
    @Test func cardsReadAndKeysPressedAreCounted() async throws {
        let (hall, _) = try await makeTestHall(simulatedReaders: true, simulatedKeypads: true)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true,
                                            services: hall.deviceServices + [KeypadReviewService(keypads: hall.keypads, reviewDesk: hall.reviewDesk)])
        let technician = try await hall.session("technician1")
        try await app.test(.live) { client in
            func scrape() async throws -> String { try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) } }
            /// Scrapes until `name` with `labels` reaches `value`, or 20 s pass: the read and the press land asynchronously.
            func awaitCount(_ name: String, _ labels: [String], _ value: Double) async throws -> Double? {
                let deadline = ContinuousClock.now + .seconds(20)
                var seen = Self.value(try await scrape(), name, labels)
                while seen != value, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                    seen = Self.value(try await scrape(), name, labels)
                }
                return seen
            }
            let before = try await scrape()
            #expect(Self.value(before, "onevisit_reader_cards", [#"id="window-3""#, #"outcome="read""#]) == 0, "\(before.prefix(3000))")
            #expect(Self.value(before, "onevisit_keypad_presses", [#"outcome="mapped""#]) == 0)

            try await client.execute(uri: "/api/v1/simulator/readers/window-3", method: .post, as: technician, body: #"{"sample": "resident"}"#) {
                #expect($0.status == .ok)
            }
            #expect(try await awaitCount("onevisit_reader_cards", [#"id="window-3""#, #"outcome="read""#], 1) == 1)
            #expect(Self.value(try await scrape(), "onevisit_reader_cards", [#"id="window-3""#, #"outcome="failed""#]) == 0)

            await hall.keypads.keypad(window: "3")!.driver.waitUntil(connected: true)
            try await KeypadReviewTests.press(client, as: technician, window: "3", level: 5)
            let pressed = try await awaitCount("onevisit_keypad_presses", [#"id="window-3""#, #"outcome="mapped""#], 1)
            let after = try await scrape()
            #expect(pressed == 1, "\(after.prefix(4000))")
        }
    }
}
