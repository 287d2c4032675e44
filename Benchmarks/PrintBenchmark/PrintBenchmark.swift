import EscPos
import Foundation
import HallServer
import IntakeCore
import IntakeStore
import Logging
import PaperRendering
import Printers

/// Prints figures for the ticket printer path (issue: encode time and size of a ticket,
/// kiosk request → bytes at the transport). `swift run -c release print-benchmark`.
@main
struct PrintBenchmark {
    static func main() async throws {
        let rounds = max(1, Int(CommandLine.arguments.dropFirst().first ?? "") ?? 2000)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-printbench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let catalog = try HallFiles.loadCatalog(path: nil)
        let layout = try HallFiles.loadLayout(path: nil, catalog: catalog)
        let writer = try HallDatabase.open(path: dir + "/onevisit.sqlite")
        let printers = try HallPrinters.make(settings: DeviceSettings(printers: [.init(id: "kiosk-1", role: .kiosk)]),
                                             simulate: true, dataDirectory: dir, writer: writer, logger: logger)
        let hall = try Hall(writer: writer, catalog: catalog, layout: layout, logger: logger, printers: printers)
        let driver = printers.printers[0].driver
        let simulator = printers.printers[0].simulator!
        let runner = Task { try await driver.run() }
        defer { runner.cancel() }

        // 1. Encoding a 新生儿出生 ticket (the longest common one-time notice).
        let ticket = try await hall.tickets.issue(.bundle("newborn"), priority: nil)
        let ticketLayout = QueueTicketLayout(ticket: ticket, hall: hall.current, statusURL: "http://127.0.0.1:8080/t/" + ticket.id, reprintedAt: nil)
        let encoder = EscPosEncoder(paper: .mm80, rasterizer: GlyphFont.system())
        var size = 0
        let encodeStart = ContinuousClock.now
        for _ in 0..<rounds { size = try ticketLayout.encoded(with: encoder).bytes.count }
        let encodeTime = (ContinuousClock.now - encodeStart) / rounds
        print("ticket.bytes \(size)")
        print("ticket.encode_microseconds \(micro(encodeTime))")

        // The simulated printer renders each job to PNG before it answers the status
        // request that follows the job; that cost is the simulator's, not the driver's.
        let bytes = try ticketLayout.encoded(with: encoder).bytes
        let renderer = ReceiptRenderer(paper: .mm80)
        let renderStart = ContinuousClock.now
        for _ in 0..<20 { _ = try renderer.render(bytes).image.pngData() }
        print("simulator.render_png_milliseconds \(milli((ContinuousClock.now - renderStart) / 20))")

        // 2. Kiosk request (store the ticket, encode, DLE EOT status check, write) → the last
        //    byte of the job read by the printer at the far end of the pseudo-terminal.
        let jobs = min(rounds, 200)
        var latencies: [Duration] = []
        for n in 0..<jobs {
            let start = ContinuousClock.now
            let issued = try await hall.tickets.issue(.queue("general"), priority: nil)
            let outcome = await printers.printTicket(issued, on: printers.printers[0], hall: hall.current,
                                                     statusURL: "http://127.0.0.1:8080/t/" + issued.id, reprint: false).state
            let job = await simulator.waitForJobs(count: n + 1)[n]
            latencies.append(job.receivedAt - start)
            if outcome != "printed" { print("print.failed \(outcome)") }
        }
        latencies.sort()
        print("kiosk_to_printer.jobs \(jobs)")
        print("kiosk_to_printer.ms.p50 \(milli(latencies[jobs / 2]))")
        print("kiosk_to_printer.ms.p99 \(milli(latencies[min(jobs - 1, jobs * 99 / 100)]))")
        print("kiosk_to_printer.ms.max \(milli(latencies.last!))")
    }

    static func micro(_ d: Duration) -> String { String(format: "%.1f", Double(d.components.attoseconds) / 1e12 + Double(d.components.seconds) * 1e6) }
    static func milli(_ d: Duration) -> String { String(format: "%.2f", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1e3) }
}
