import AsyncHTTPClient
import Foundation
import HallServer
import IntakeCore
import IntakeStore
import Logging
import NIOCore

/// A hall on a fresh database file with the demo catalog and layout.
func makeTestHall(clock: @escaping @Sendable () -> Date = { Date() }, simulatedPrinters: Bool = false,
                  devices: DeviceSettings? = nil, printWait: Duration = .seconds(30), simulatedReaders: Bool = false,
                  simulatedKeypads: Bool = false, simulatedCameras: Bool = false, appointments: any AppointmentBook = NoAppointments(),
                  access: HallAccessSettings = HallAccessSettings()) throws -> (Hall, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-server-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let catalog = try HallFiles.loadCatalog(path: nil)
    let layout = try HallFiles.loadLayout(path: nil, catalog: catalog)
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let writer = try HallDatabase.open(path: dir + "/onevisit.sqlite")
    let settings = devices ?? (simulatedPrinters ? .simulatedDefault(layout: layout) : nil)
    let printers = try settings.map {
        try HallPrinters.make(settings: $0, simulate: simulatedPrinters, dataDirectory: dir, writer: writer,
                              logger: logger, printWait: printWait)
    } ?? HallPrinters.none
    let readers = simulatedReaders
        ? try HallReaders.make(settings: .simulatedDefault(layout: layout), simulate: true, dataDirectory: dir, logger: logger)
        : HallReaders.none
    let keypads = simulatedKeypads
        ? try HallKeypads.make(settings: .simulatedDefault(layout: layout), simulate: true, dataDirectory: dir, logger: logger)
        : HallKeypads.none
    let hall = try Hall(writer: writer, catalog: catalog, layout: layout, logger: logger, clock: clock, printers: printers,
                        readers: readers, keypads: keypads,
                        cameras: simulatedCameras ? HallCameras.make(settings: .simulatedDefault(layout: layout), simulate: true) : .none,
                        materialsDirectory: dir + "/materials", appointments: appointments, access: access)
    return (hall, dir)
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
