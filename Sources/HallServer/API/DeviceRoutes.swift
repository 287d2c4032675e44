import Logging
import Dispatch
import EscPos
import Hummingbird
import IDCard
import IDReaders
import Keypads
import Printers

/// `GET /api/v1/devices` for the technician, and the controls of simulated devices
/// (`--simulate` only) that `onevisit simulate …` drives.
struct DeviceRoutes {
    let logger: Logger
    let printers: HallPrinters
    let readers: HallReaders
    let keypads: HallKeypads
    let cameras: HallCameras

    struct SimulatedPrinterChange: Decodable {
        /// `ok`, `nearEnd` or `out`.
        var paper: String?
        /// `open` or `closed`.
        var cover: String?
        /// false pulls the cable, true plugs it back.
        var plugged: Bool?
        /// false makes it hang: it takes bytes and answers nothing.
        var responding: Bool?
    }

    struct CupsQueue: Encodable {
        var name: String
        var state: String
        var message: String?
    }

    struct Devices: Encodable {
        var printers: [PrinterReport]
        var readers: [ReaderReport]
        var keypads: [KeypadReport]
        var cameras: [HallCameras.Report]
    }

    struct SimulatedKeypadChange: Decodable {
        /// Presses the key of this level: 1 非常不满意 … 5 非常满意.
        var level: Int?
        /// Raw bytes to put on the line, in hex (noise, broken frames).
        var raw: String?
        var plugged: Bool?
    }

    struct SimulatedKeypadState: Encodable {
        var keypad: String
        var window: String
        var plugged: Bool
    }

    struct SimulatedReaderChange: Decodable {
        /// A card to lay on the reader (the JSON of a card file).
        var place: Identity?
        /// Or one of the sample cards shipped with the demo hall, by file name.
        var sample: String?
        var remove: Bool?
        var plugged: Bool?
        /// `none`, `noise`, `truncate` or `silent`.
        var fault: String?
        /// SW3 the SAM answers status checks with (144 = 0x90 fine, 96 = 0x60 self-test failed).
        var sam: UInt8?
    }

    struct SimulatedReaderState: Encodable {
        var reader: String
        var plugged: Bool
        var fault: String
        /// The card on the reader, masked.
        var card: String?
    }

    func register(on routes: HallRoutes) {
        let technicians = routes.staff(.technician, .supervisor)
        technicians.get("/api/v1/devices") { _, _ in
            try JSONCoding.response(Devices(printers: await printers.reports(), readers: await readers.reports(),
                                            keypads: await keypads.reports(), cameras: cameras.reports()))
        }
        // The queues of the local cupsd, for setting up a printer with "cups": "QUEUE".
        technicians.get("/api/v1/devices/cups") { _, _ in
            let queues = await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(returning: CupsTransport.destinations().map {
                        CupsQueue(name: $0.name, state: $0.state, message: $0.message)
                    })
                }
            }
            return try JSONCoding.response(["queues": queues])
        }
        // The simulated devices' controls exist only with --simulate.
        guard routes.simulator else { return }
        let simulator = routes.staff(.technician)
        simulator.post("/api/v1/simulator/readers/{id}") { request, context in
            let id = try context.parameters.require("id")
            let change = try await JSONCoding.body(SimulatedReaderChange.self, of: request)
            guard let reader = readers.reader(id) else { throw APIError.notFound("no ID reader \"\(id)\"") }
            guard let simulator = reader.simulator else {
                throw APIError.notFound("ID reader \"\(id)\" is a real reader; start the daemon with --simulate to simulate it")
            }
            if let fault = change.fault {
                guard let value = SimulatedIDReader.Fault(rawValue: fault) else {
                    throw APIError.badRequest("fault must be none, noise, truncate or silent, not \"\(fault)\"")
                }
                simulator.setFault(value)
            }
            if let sam = change.sam { simulator.setSAMStatus(sam) }
            if change.remove == true { simulator.remove() }
            if let sample = change.sample {
                guard let card = HallFiles.sampleCard(sample) else {
                    throw APIError.notFound("no sample card \"\(sample)\"; one of \(HallFiles.sampleCardNames.joined(separator: ", "))")
                }
                simulator.place(card)
            }
            if let card = change.place { simulator.place(card) }
            if let plugged = change.plugged {
                if plugged && !simulator.isPlugged {
                    do { try simulator.plug() } catch { throw APIError.internalError("cannot plug the simulated reader: \(error)") }
                } else if !plugged {
                    simulator.unplug()
                }
            }
            let card = simulator.card
            logger.notice("Simulated ID reader changed", metadata: [
                "reader": "\(id)", "plugged": "\(simulator.isPlugged)", "card": "\(card?.maskedNumber ?? "none")"])
            return try JSONCoding.response(SimulatedReaderState(
                reader: id, plugged: simulator.isPlugged, fault: simulator.fault.rawValue,
                card: card.map { $0.maskedName + " " + $0.maskedNumber }))
        }
        // By window: `onevisit simulate keypad 3 5` presses 非常满意 at window 3.
        simulator.post("/api/v1/simulator/keypads/{window}") { request, context in
            let window = try context.parameters.require("window")
            let change = try await JSONCoding.body(SimulatedKeypadChange.self, of: request)
            guard let keypad = keypads.keypad(window: window) else { throw APIError.notFound("no keypad at window \"\(window)\"") }
            guard let simulator = keypad.simulator else {
                throw APIError.notFound("the keypad at window \(window) is a real keypad; start the daemon with --simulate to simulate it")
            }
            if let plugged = change.plugged {
                if plugged && !simulator.isPlugged {
                    do { try simulator.plug() } catch { throw APIError.internalError("cannot plug the simulated keypad: \(error)") }
                } else if !plugged {
                    simulator.unplug()
                }
            }
            if let raw = change.raw {
                guard let bytes = parseHexBytes(raw) else { throw APIError.badRequest("raw must be hex bytes, e.g. \"AA 03 01 02\"") }
                do { try simulator.send(bytes) } catch {
                    throw APIError(.conflict, code: "keypad_unplugged", message: "the simulated keypad is unplugged")
                }
            }
            if let level = change.level {
                guard (1...5).contains(level) else { throw APIError.badRequest("level must be 1 (非常不满意) to 5 (非常满意), not \(level)") }
                do { try simulator.press(level: level) } catch {
                    throw APIError(.conflict, code: "keypad_unplugged", message: "the simulated keypad is unplugged; plug it back first")
                }
            }
            return try JSONCoding.response(SimulatedKeypadState(keypad: keypad.entry.id, window: window, plugged: simulator.isPlugged))
        }
        simulator.post("/api/v1/simulator/printers/{id}") { request, context in
            let id = try context.parameters.require("id")
            let change = try await JSONCoding.body(SimulatedPrinterChange.self, of: request)
            guard let printer = printers.printer(id) else { throw APIError.notFound("no printer \"\(id)\"") }
            guard let simulator = printer.simulator else {
                throw APIError.notFound("printer \"\(id)\" is a real printer; start the daemon with --simulate to simulate it")
            }
            var status = simulator.status
            switch change.paper {
            case nil: break
            case "ok": status.paperOut = false; status.paperNearEnd = false
            case "nearEnd": status.paperOut = false; status.paperNearEnd = true
            case "out": status.paperOut = true; status.paperNearEnd = true
            case let other?: throw APIError.badRequest("paper must be ok, nearEnd or out, not \"\(other)\"")
            }
            switch change.cover {
            case nil: break
            case "open": status.coverOpen = true
            case "closed": status.coverOpen = false
            case let other?: throw APIError.badRequest("cover must be open or closed, not \"\(other)\"")
            }
            simulator.setStatus(status)
            if let responding = change.responding { simulator.setResponding(responding) }
            if let plugged = change.plugged {
                if plugged && !simulator.isPlugged {
                    do { try simulator.plug() } catch { throw APIError.internalError("cannot plug the simulated printer: \(error)") }
                } else if !plugged {
                    simulator.unplug()
                }
            }
            logger.notice("Simulated printer changed", metadata: [
                "printer": "\(id)", "plugged": "\(simulator.isPlugged)", "problem": "\(status.problem ?? "none")"])
            return try JSONCoding.response(SimulatedPrinterState(printer: id, plugged: simulator.isPlugged,
                                                                 responding: simulator.isResponding, status: status))
        }
    }

    struct SimulatedPrinterState: Encodable {
        var printer: String
        var plugged: Bool
        var responding: Bool
        var status: PrinterStatus
    }
}
