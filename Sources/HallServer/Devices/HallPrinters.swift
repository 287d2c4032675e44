import EscPos
import Foundation
import GRDB
import IntakeCore
import IntakeStore
import Logging
import PaperRendering
import Printers
import ServiceLifecycle

/// The hall's printers: one driver each (and behind it, with `--simulate`, a simulated
/// printer), the print log, and printing a ticket for the kiosk without ever holding the
/// kiosk longer than `printWait` (R1, R8).
public final class HallPrinters: Sendable {
    public struct Printer: Sendable {
        public let entry: DeviceSettings.PrinterEntry
        public let driver: PrinterDriver
        public let simulator: SimulatedPrinter?
    }

    public let printers: [Printer]
    public let log: PrintLog?
    /// How long a kiosk request waits for its ticket to come out before answering anyway.
    public let printWait: Duration
    let encoderFont: GlyphFont?

    /// No printers at all (tests of other things, a hall without printers).
    public static let none = HallPrinters(printers: [], log: nil)

    public init(printers: [Printer], log: PrintLog?, printWait: Duration = .seconds(3), font: GlyphFont? = nil) {
        self.printers = printers
        self.log = log
        self.printWait = printWait
        encoderFont = font
    }

    /// Builds drivers for the settings; with `simulate`, each printer gets a simulated device
    /// under `dataDirectory/devices` whose jobs land in `dataDirectory/printed/<id>` (plugged
    /// for a printer left to another client too: the other client prints on it).
    public static func make(settings: DeviceSettings, simulate: Bool, dataDirectory: String, writer: any DatabaseWriter,
                            logger: Logger, printWait: Duration = .seconds(3)) throws -> HallPrinters {
        let font = GlyphFont.system()
        var printers: [Printer] = []
        for entry in settings.printers {
            var simulator: SimulatedPrinter?
            var path = entry.device ?? ""
            if simulate {
                // A simulated printer stands for a serial one: each job takes its line time.
                let sim = SimulatedPrinter(id: entry.id, paper: entry.paperWidth, devicePath: dataDirectory + "/devices/printer-" + entry.id,
                                           outputDirectory: dataDirectory + "/printed/" + entry.id, font: font,
                                           baud: entry.baud ?? 115_200)
                try sim.plug()
                simulator = sim
                path = sim.devicePath
            }
            let driverSettings = PrinterSettings(
                id: entry.id, paper: entry.paperWidth, queueCapacity: entry.queueCapacity ?? 16,
                timeoutMilliseconds: entry.timeoutMilliseconds ?? 3000,
                statusInterval: .seconds(entry.statusIntervalSeconds ?? 10), simulated: simulate, drive: entry.drive ?? true)
            let transport: any PrinterTransport = if let queue = entry.cups, !simulate {
                CupsTransport(queue: queue)
            } else if let usb = entry.usb, let ids = usb.ids, !simulate {
                LibUSBTransport(vendorID: ids.vendor, productID: ids.product, detachKernelDriver: usb.detachKernelDriver ?? false)
            } else {
                DeviceFileTransport(path: path, bidirectional: entry.bidirectional ?? true, baud: entry.baud ?? 115_200)
            }
            printers.append(Printer(entry: entry, driver: PrinterDriver(settings: driverSettings, transport: transport, logger: logger),
                                    simulator: simulator))
        }
        return HallPrinters(printers: printers, log: PrintLog(writer: writer), printWait: printWait, font: font)
    }

    /// The drivers, to run in the daemon's service group.
    public var services: [any Service] { printers.map(\.driver) }

    public func printer(_ id: String) -> Printer? { printers.first { $0.entry.id == id } }

    /// The kiosk's printer: the one asked for, else the first kiosk printer.
    func kioskPrinter(_ id: String?) throws(APIError) -> Printer? {
        if let id {
            guard let printer = printer(id) else { throw APIError.notFound("no printer \"\(id)\"") }
            return printer
        }
        return printers.first { $0.entry.role == .kiosk && $0.entry.drive != false }
    }

    /// The printer of a window (for reprints at the window), else the first kiosk printer.
    func windowPrinter(_ window: String) -> Printer? {
        printers.first { $0.entry.role == .window && $0.entry.window == window && $0.entry.drive != false }
    }

    public func reports() async -> [PrinterReport] {
        var reports: [PrinterReport] = []
        for printer in printers { reports.append(await printer.driver.report()) }
        return reports
    }

    // MARK: Printing

    /// Prints a queue ticket and says how it went, within `printWait`. The ticket is
    /// already stored: a failure here never loses it.
    public func printTicket(_ ticket: Ticket, on printer: Printer?, hall: HallInForce, statusURL: String, reprint: Bool) async -> PrintOutcome {
        await printDocument(kind: "ticket", id: ticket.id, title: "ticket " + ticket.number, on: printer, hall: hall,
                            reprint: reprint) { reprintedAt, encoder throws(EncodingError) in
            try QueueTicketLayout(ticket: ticket, hall: hall, statusURL: statusURL, reprintedAt: reprintedAt).encoded(with: encoder)
        }
    }

    /// Prints any document of the hall (a ticket, a notice of a case) and records it in the
    /// print log under its kind and id; a reprint is headed as one by the layout.
    public func printDocument(
        kind: String, id: String, title: String, on printer: Printer?, hall: HallInForce, reprint: Bool,
        layout: (_ reprintedAt: Date?, _ encoder: EscPosEncoder) throws(EncodingError) -> EscPosEncoder.Output
    ) async -> PrintOutcome {
        guard let printer else { return PrintOutcome(state: "skipped", reason: "no printer is configured for this") }
        let now = hall.clock()
        let output: EscPosEncoder.Output
        do {
            output = try layout(reprint ? now : nil, EscPosEncoder(paper: printer.entry.paperWidth, rasterizer: encoderFont))
        } catch {
            return PrintOutcome(printer: printer.entry.id, state: "failed", code: "encoding", reason: error.description)
        }
        if !output.substituted.isEmpty {
            // Said without the characters themselves: they belong to a citizen's name.
            hall.logger.warning("Characters printed as [U+…] codes: no font could draw them", metadata: [
                "printer": "\(printer.entry.id)", "document": "\(title)", "count": "\(output.substituted.count)"])
        }
        let fullTitle = (reprint ? "reprint " : "") + title
        let job = PrintJob(title: fullTitle, bytes: output.bytes)
        let record = PrintRecord(id: job.id, printerID: printer.entry.id, documentKind: kind, documentID: id,
                                 title: fullTitle, reprint: reprint, submittedAt: now)
        // The print goes ahead without its log line (a full disk), but never silently.
        do { try await log?.insert(record) } catch {
            hall.logger.error("Print not recorded in the print log", metadata: ["printer": "\(printer.entry.id)", "kind": "\(kind)", "error": "\(error)"])
        }
        do {
            try await printer.driver.submit(job)
        } catch {
            await finish(record.id, .failed(error), hall: hall)
            return PrintOutcome(printer: printer.entry.id, job: job.id, state: "failed", code: error.code, reason: error.description)
        }
        // The log learns the end even when the caller has stopped waiting.
        let driver = printer.driver
        Task {
            let final = await driver.outcome(of: job.id, waitingUpTo: .seconds(600))
            await self.finish(record.id, final, hall: hall)
        }
        let state = await driver.outcome(of: job.id, waitingUpTo: printWait)
        // Stored before answering, so a reprint right after knows this print happened.
        if state.isFinished { await finish(record.id, state, hall: hall) }
        switch state {
        case .failed(let error):
            return PrintOutcome(printer: printer.entry.id, job: job.id, state: "failed", code: error.code, reason: error.description)
        default:
            return PrintOutcome(printer: printer.entry.id, job: job.id, state: state.name)
        }
    }

    private func finish(_ id: String, _ state: PrintJobState, hall: HallInForce) async {
        let (stored, reason): (PrintState, String?) = switch state {
        case .printed: (.printed, nil)
        case .failed(let error): (.failed, error.description)
        case .queued: (.queued, nil)
        case .printing, .unknown: (.printing, nil)
        }
        do { try await log?.finish(id: id, state: stored, reason: reason, at: hall.clock()) } catch {
            hall.logger.error("Print outcome not recorded in the print log", metadata: ["job": "\(id)", "error": "\(error)"])
        }
    }
}

/// How a print went, as the kiosk and window screens get it.
public struct PrintOutcome: Codable, Sendable, Equatable {
    public var printer: String?
    public var job: String?
    /// `printed`, `failed`, `queued` / `printing` (still going when the answer was due), `skipped`.
    public var state: String
    /// With `failed`: `not_ready` (paper out, cover open), `not_connected`, `disconnected`, `timeout`, `queue_full`…
    public var code: String?
    public var reason: String?
}
