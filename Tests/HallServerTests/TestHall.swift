import AsyncHTTPClient
import Foundation
import HallServer
import IntakeCore
import IntakeStore
import Logging
import NIOCore
import ServiceLifecycle

/// The clock of a test hall that is given none: the machine's, or, with
/// `ONEVISIT_TEST_CLOCK=2026-12-02T23:59:58+08:00`, one that starts there and runs on in
/// real time, so the suite can be run across a midnight of the hall on purpose.
let testHallClock: @Sendable () -> Date = {
    guard let text = ProcessInfo.processInfo.environment["ONEVISIT_TEST_CLOCK"],
          let start = ISO8601DateFormatter().date(from: text) else { return { Date() } }
    let offset = start.timeIntervalSince(Date())
    return { Date().addingTimeInterval(offset) }
}()

/// The hall as the daemon assembles it (``HallAssembly/assemble(_:logger:clock:appointments:)``),
/// on a fresh data directory with the demo catalog and layout: a test differs only in the
/// configuration it passes. Asking for any simulated device kind runs it with `--simulate`
/// (every kind simulated, as the daemon does); `devices` is the text of a devices file.
func makeTestHall(clock: @escaping @Sendable () -> Date = testHallClock, simulatedPrinters: Bool = false,
                  devices: String? = nil, printWait: Duration? = nil, simulatedReaders: Bool = false,
                  simulatedKeypads: Bool = false, simulatedCameras: Bool = false, appointments: (any AppointmentBook)? = nil,
                  access: HallAccessSettings = HallAccessSettings(),
                  statementObserver: (@Sendable (String) -> Void)? = nil) async throws -> (Hall, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-server-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var settings = HallConfiguration()
    settings.dataDirectory = dir
    settings.simulate = simulatedPrinters || simulatedReaders || simulatedKeypads || simulatedCameras
    settings.access = access
    if let printWait { settings.printWait = printWait }
    // Only the kinds asked for, as a hall's devices file names them (the daemon's --simulate
    // default would add every kind, and a kiosk printer the test never waits for).
    let file = try devices ?? (settings.simulate ? simulatedDevicesFile(printers: simulatedPrinters, readers: simulatedReaders,
                                                                        keypads: simulatedKeypads, cameras: simulatedCameras) : nil)
    if let file {
        settings.devicesFile = dir + "/devices.json"
        try file.write(toFile: dir + "/devices.json", atomically: true, encoding: .utf8)
    }
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let assembly = try await HallAssembly.assemble(settings, logger: logger, clock: clock, appointments: appointments,
                                                   statementObserver: statementObserver)
    return (assembly.hall, dir)
}

/// A devices file naming the demo hall's devices of these kinds: one per window, and the
/// kiosk's printer and reader.
func simulatedDevicesFile(printers: Bool, readers: Bool, keypads: Bool, cameras: Bool) throws -> String {
    let layout = try HallFiles.loadLayout(path: nil, catalog: try HallFiles.loadCatalog(path: nil))
    let windows = layout.windows.map(\.id)
    var file: [String: [[String: Any]]] = [:]
    if printers { file["printers"] = [["id": "kiosk-1", "role": "kiosk"]] + windows.map { ["id": "window-\($0)", "role": "window", "window": $0, "paper": 80] } }
    if readers { file["readers"] = [["id": "kiosk-1", "role": "kiosk"]] + windows.map { ["id": "window-\($0)", "role": "window", "window": $0] } }
    if keypads { file["keypads"] = windows.map { ["id": "window-\($0)", "window": $0] } }
    if cameras { file["cameras"] = windows.map { ["id": "window-\($0)", "window": $0] } }
    return String(decoding: try JSONSerialization.data(withJSONObject: file), as: UTF8.self)
}

/// Decodes a JSON object from a response body.
func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
    guard let dict = object as? [String: Any] else { throw TestFailure("expected a JSON object, got \(object)") }
    return dict
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reads server-sent events from a live stream, one complete event at a time.
struct EventReader {
    var iterator: HTTPClientResponse.Body.AsyncIterator
    var pending = ""

    init(_ response: HTTPClientResponse) { iterator = response.body.makeAsyncIterator() }

    /// The next event of the given type, as its `data:` JSON; nil when the stream ends.
    mutating func next(event name: String) async throws -> [String: Any]? {
        while true {
            while let end = pending.range(of: "\n\n") {
                let block = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                let lines = block.split(separator: "\n")
                guard lines.contains("event: \(name)"),
                      let data = lines.first(where: { $0.hasPrefix("data: ") })?.dropFirst(6) else { continue }
                return try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]
            }
            guard let chunk = try await iterator.next() else { return nil }
            pending += String(buffer: chunk)
        }
    }

    /// Waits for the stream's opening comment, so the subscription is known to be live.
    mutating func waitUntilConnected() async throws {
        while !pending.contains(": connected") {
            guard let chunk = try await iterator.next() else { throw TestFailure("board stream ended before it opened") }
            pending += String(buffer: chunk)
        }
    }
}

/// Fails the awaited work if it takes longer than a generous bound, instead of hanging CI.
func within<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TestFailure("timed out after \(seconds) s")
        }
        let result = try await group.next()!
        group.cancelAll()
        return result
    }
}

extension Hall {
    /// The drivers of every device the assembly made, as the daemon runs them beside the server.
    var deviceServices: [any Service] { printers.services + readers.services + keypads.services }
}
