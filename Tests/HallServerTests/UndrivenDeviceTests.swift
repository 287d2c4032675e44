import EscPos
import Foundation
import Glibc
import HallServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `"drive": false` (issue 17): a device the hall lists and watches but never opens, left
/// to another client such as a vendor's test tool. Its simulator still runs, so an
/// independent protocol client talks to it on the pseudo-terminal.
@Suite("Devices left to another client", .timeLimit(.minutes(2)))
struct UndrivenDeviceTests {
    static let devices = #"""
        {"printers": [{"id": "kiosk-1", "role": "kiosk"},
                      {"id": "kiosk-2", "role": "kiosk", "drive": false, "statusIntervalSeconds": 1}],
         "keypads": [{"id": "window-3", "window": "3", "drive": false}]}
        """#

    static func devices(_ client: some TestClientProtocol, _ technician: String) async throws -> [String: Any] {
        try await client.execute(uri: "/api/v1/devices", method: .get, as: technician) { try json($0.body) }
    }

    static func entry(_ devices: [String: Any], _ kind: String, _ id: String) -> [String: Any] {
        (devices[kind] as? [[String: Any]] ?? []).first { $0["id"] as? String == id } ?? [:]
    }

    /// Polls the device list until `done` holds of it, for at most `seconds`.
    static func awaitDevices(_ client: some TestClientProtocol, _ technician: String, seconds: Double = 10,
                             until done: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var seen = try await devices(client, technician)
        while !done(seen) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            seen = try await devices(client, technician)
        }
        return seen
    }

    @Test func anUndrivenPrinterAndKeypadAreListedNeverOpenedAndServeAnotherClient() async throws {
        let (hall, _) = try await makeTestHall(simulatedPrinters: true, devices: Self.devices)
        let technician = try await hall.session("technician1")
        let other = try #require(hall.printers.printer("kiosk-2")?.simulator, "the simulator of an undriven printer still runs")
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        try await app.test(.live) { client in
            let listed = try await Self.awaitDevices(client, technician) {
                Self.entry($0, "printers", "kiosk-1")["connected"] as? Bool == true && Self.entry($0, "printers", "kiosk-2")["state"] as? String == "ready"
            }
            let printer = Self.entry(listed, "printers", "kiosk-2"), keypad = Self.entry(listed, "keypads", "window-3")
            #expect(printer["driven"] as? Bool == false && printer["connected"] as? Bool == false, "\(printer)")
            #expect(printer["state"] as? String == "ready" && (printer["problem"] as? String ?? "").contains("another client"), "\(printer)")
            #expect(keypad["driven"] as? Bool == false && keypad["state"] as? String == "ready", "\(keypad)")
            #expect(Self.entry(listed, "printers", "kiosk-1")["driven"] as? Bool == true)

            // Tickets print on the driven kiosk printer; asked for by name, the other one refuses.
            #expect(TicketPrintingTests.printOutcome(try await TicketPrintingTests.take(client))["printer"] as? String == "kiosk-1")
            let refused = TicketPrintingTests.printOutcome(try await TicketPrintingTests.take(client, #"{"bundle": "newborn", "printer": "kiosk-2"}"#))
            #expect(refused["state"] as? String == "failed" && refused["code"] as? String == "busy", "\(refused)")
            #expect(other.bytesReceived == 0, "the daemon never wrote to the printer left to another client")
            let keypadTest = try await client.execute(uri: "/api/v1/devices/keypads/3/test", method: .post, as: technician, body: "{}") {
                try json($0.body)
            }
            #expect(keypadTest["ok"] as? Bool == false && keypadTest["code"] as? String == "not_driven", "\(keypadTest)")

            // An independent client asks the printer for its status on the pseudo-terminal.
            let fd = open(other.devicePath, O_RDWR | O_NOCTTY)
            try #require(fd >= 0)
            defer { close(fd) }
            var request = EscPosCommand.statusRequest(.printer)
            #expect(write(fd, &request, request.count) == request.count)
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            #expect(poll(&entry, 1, 5000) == 1)
            var reply: UInt8 = 0
            #expect(read(fd, &reply, 1) == 1)
            #expect(reply == PrinterStatus.ready.reply(to: .printer), "the simulator answered the other client")

            // Watched all the same: unplugged, it is listed as absent.
            other.unplug()
            let gone = try await Self.awaitDevices(client, technician) { Self.entry($0, "printers", "kiosk-2")["state"] as? String == "absent" }
            #expect(Self.entry(gone, "printers", "kiosk-2")["state"] as? String == "absent")
        }
    }
}
