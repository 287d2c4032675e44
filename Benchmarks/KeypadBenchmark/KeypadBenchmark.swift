import Foundation
import HallServer
import IntakeCore
import IntakeStore
import Keypads
import Logging

/// Key press → review stored: the simulated serial keypad of window 3 writes its frame on a
/// pseudo-terminal, the driver reads and decodes it, and the hall stores the review (one
/// write transaction, WAL, synchronous=FULL, on a real file) and announces it.
/// `swift build -c release --product keypad-benchmark && .build/release/keypad-benchmark [ROUNDS]`.
@main
struct KeypadBenchmark {
    static func main() async throws {
        let rounds = max(1, Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-keypadbench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let catalog = try HallFiles.loadCatalog(path: nil)
        let layout = try HallFiles.loadLayout(path: nil, catalog: catalog)
        let writer = try HallDatabase.open(path: dir + "/onevisit.sqlite")
        let keypads = try HallKeypads.make(settings: .simulatedDefault(layout: layout), simulate: true, dataDirectory: dir, logger: logger)
        let hall = try Hall(writer: writer, catalog: catalog, layout: layout, logger: logger, keypads: keypads)
        let keypad = keypads.keypad(window: "3")!
        let runners = [Task { try await keypad.driver.run() }, Task { try await KeypadReviewService(keypads: hall.keypads, reviewDesk: hall.reviewDesk).run() }]
        defer { runners.forEach { $0.cancel() } }
        await keypad.driver.waitUntil(connected: true)
        try await hall.store.signIn(window: "3", staff: StaffMember(id: "s003", name: "王芳"), at: Date())
        var feed = hall.reviewDesk.feed.events().makeAsyncIterator()

        var toStored: [Duration] = [], driverToStored: [Duration] = []
        var bad = 0
        for n in 0..<rounds {
            _ = try await hall.tickets.issue(.queue("general"), priority: nil)
            _ = try await hall.windows.callNext(window: "3")
            _ = try await hall.windows.act(window: "3", .start)
            _ = try await hall.windows.act(window: "3", .finish)
            let level = n % 10 == 0 ? 1 : 5
            let start = ContinuousClock.now
            try keypad.simulator!.press(level: level)
            var outcome: ReviewFeed.Event?
            while let event = await feed.next() { if event.armed == nil { outcome = event; break } }
            guard let event = outcome, event.review != nil else { print("press.not_stored round \(n)"); continue }
            let stored = ContinuousClock.now
            toStored.append(stored - start)
            if let pressed = event.pressedAt { driverToStored.append(stored - pressed) }
            if event.task != nil { bad += 1 }
        }
        let count = try await hall.reviews.reviews().count
        toStored.sort()
        driverToStored.sort()
        let frame = SerialKeyMap.standard.frameLength
        print("press.rounds \(rounds)")
        print("press.reviews_stored \(count) (bad, with a task: \(bad))")
        print("press.frame_bytes \(frame), line ms at 9600 8N1 \(String(format: "%.2f", Double(frame * 10) / 9.6))")
        print("press_to_stored.ms.p50 \(milli(toStored[toStored.count / 2]))")
        print("press_to_stored.ms.p99 \(milli(toStored[min(toStored.count - 1, toStored.count * 99 / 100)]))")
        print("press_to_stored.ms.max \(milli(toStored.last!))")
        print("decoded_to_stored.ms.p50 \(milli(driverToStored[driverToStored.count / 2]))")
        if count != rounds { print("press.lost \(rounds - count)"); exit(1) }
    }

    static func milli(_ d: Duration) -> String { String(format: "%.2f", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1e3) }
}
