import Hummingbird

/// The technician's test actions (R8): a test slip on a printer, a card read on an ID reader,
/// a test frame from a window's document camera, a press on a window's keypad. They drive
/// the real devices (not the `--simulate` controls), so they exist in every hall; each
/// answers 200 with `ok` and what went wrong, since a failed test is a result, not an error.
struct DeviceTestRoutes {
    let bench: DeviceTestBench

    /// How long to wait for the technician at the device.
    struct Wait: Decodable {
        var seconds: Int?

        func value() throws -> Int {
            let s = seconds ?? DeviceTestBench.defaultWait
            guard DeviceTestBench.waitRange.contains(s) else {
                throw APIError.badRequest("seconds must be \(DeviceTestBench.waitRange.lowerBound)–\(DeviceTestBench.waitRange.upperBound), not \(s)")
            }
            return s
        }
    }

    func register(on routes: HallRoutes) {
        let technicians = routes.staff(.technician)
        technicians.post("/api/v1/devices/printers/{id}/test-print") { _, context in
            let id = try context.parameters.require("id")
            return try JSONCoding.response(try await bench.testPrint(printer: id, by: context.staff()))
        }
        technicians.post("/api/v1/devices/readers/{id}/read", bodyLimit: 1024) { request, context in
            let id = try context.parameters.require("id")
            let seconds = try await JSONCoding.body(Wait.self, of: request, context: context).value()
            return try JSONCoding.response(try await bench.testRead(reader: id, seconds: seconds, by: context.staff()))
        }
        technicians.post("/api/v1/devices/cameras/{window}/test-capture") { _, context in
            let window = try context.parameters.require("window")
            return try JSONCoding.response(try await bench.testCapture(window: window, by: context.staff()))
        }
        technicians.post("/api/v1/devices/keypads/{window}/test", bodyLimit: 1024) { request, context in
            let window = try context.parameters.require("window")
            let seconds = try await JSONCoding.body(Wait.self, of: request, context: context).value()
            return try JSONCoding.response(try await bench.testKeypad(window: window, seconds: seconds, by: context.staff()))
        }
    }
}
