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
}
