import Cameras
import EscPos
import Foundation
import IDCard
import IDReaders
import IntakeCore
import IntakeStore
import Keypads
import Printers

/// The technician's test actions on the hall's devices (R8: the daemon "tells the technician
/// what is wrong"). Each goes through the driver the hall's own work uses, so it tests a real
/// device as well as a simulated one, and none hands the technician a citizen's data: a card
/// read answers masked and uses the card up, a camera frame comes back only as a thumbnail
/// too small to read and is never kept as a case page.
struct DeviceTestBench: Sendable {
    let hall: HallInForce
    let printers: HallPrinters
    let readers: HallReaders
    let keypads: HallKeypads
    let cameras: HallCameras
    let reviews: ReviewStore

    /// Seconds a test waits for the technician at the device (a card laid on, a key pressed):
    /// short enough that a test never ties up a request for long.
    static let waitRange = 1...15
    static let defaultWait = 8

    struct PrintTest: Encodable {
        var printer: String
        var ok: Bool
        var outcome: PrintOutcome
        /// The printer as its driver knows it after the slip.
        var report: PrinterReport
    }

    struct ReadTest: Encodable {
        var reader: String
        var ok: Bool
        var card: MaskedCard?
        /// `no_card` when nothing was laid on the reader in time.
        var code: String?
        var problem: String?
        var report: ReaderReport
    }

    /// A card as a queue ticket shows its holder; nothing more of the card leaves here.
    struct MaskedCard: Encodable {
        var cardType: String
        var cardTypeName: String
        var holder: String
        var photo: Bool
        var fingerprint: Bool
    }

    struct CaptureTest: Encodable {
        var camera: String
        var window: String
        var ok: Bool
        var format: String?
        var width: Int?
        var height: Int?
        var bytes: Int?
        var device: String?
        /// JPEG, base64, at most 200 pixels wide.
        var preview: String?
        var previewWidth: Int?
        var previewHeight: Int?
        var problem: String?
    }

    struct KeypadTest: Encodable {
        var keypad: String
        var window: String
        var ok: Bool
        /// `lit`, `none` (the model has no prompt light) or `failed`.
        var prompt: String
        var level: Int?
        var levelName: String?
        var raw: String?
        /// `no_press` when no key was pressed in time.
        var code: String?
        var problem: String?
        var report: KeypadReport
    }

    func testPrint(printer id: String, by staff: SignedInStaff) async throws -> PrintTest {
        guard let printer = printers.printer(id) else { throw APIError.notFound("no printer \"\(id)\"") }
        let zone = TimeZone(identifier: hall.layout.timeZone) ?? .current
        let slip = TestSlipLayout(hallName: hall.layout.hallName, printerID: id, paper: printer.entry.paperWidth,
                                  printedAt: QueueTicketLayout.format(hall.clock(), in: zone), technician: staff.account.name,
                                  qrPayload: hall.publicURL + "/")
        let outcome = await printers.printDocument(kind: "test", id: "test-" + id, title: "test slip", on: printer, hall: hall,
                                                   reprint: false) { _, encoder throws(EncodingError) in
            try encoder.encode(slip.document())
        }
        log("printer", id, staff, ok: outcome.state == "printed", outcome.reason)
        return PrintTest(printer: id, ok: outcome.state == "printed", outcome: outcome, report: await printer.driver.report())
    }

    /// The card on the reader now, or the next one laid on it within `seconds`.
    func testRead(reader id: String, seconds: Int, by staff: SignedInStaff) async throws -> ReadTest {
        guard let reader = readers.reader(id) else { throw APIError.notFound("no ID reader \"\(id)\"") }
        let driver = reader.driver
        guard reader.entry.drive != false else {
            return ReadTest(reader: id, ok: false, card: nil, code: "not_driven", problem: Self.notDriven, report: await driver.report())
        }
        // Subscribed before looking, so a read between the look and the wait is not missed.
        let events = await driver.events()
        var card = await driver.takeCard()
        var problem: String?, code: String?
        if card == nil {
            let event = await Self.first(within: seconds) { () async -> ReaderEvent? in
                for await event in events {
                    switch event {
                    case .cardRead, .failed: return event
                    case .cardRemoved, .connected: continue
                    }
                }
                return nil
            }
            switch event {
            case .cardRead?: card = await driver.takeCard()
            case .failed(let error)?: problem = error.description
            case .cardRemoved?, .connected?, nil:
                code = "no_card"
                problem = "no card was laid on the reader within \(seconds) s"
            }
        }
        let masked = card.map {
            MaskedCard(cardType: $0.cardType.rawValue, cardTypeName: $0.cardType.chineseName, holder: $0.maskedName + " " + $0.maskedNumber,
                       photo: !$0.photoWLT.isEmpty, fingerprint: !($0.fingerprint ?? []).isEmpty)
        }
        log("reader", id, staff, ok: masked != nil, problem)
        return ReadTest(reader: id, ok: masked != nil, card: masked, code: code, problem: problem, report: await driver.report())
    }

    func testCapture(window: String, by staff: SignedInStaff) async throws -> CaptureTest {
        guard let camera = cameras.camera(window: window) else { throw APIError.notFound("window \(window) has no document camera") }
        var result = CaptureTest(camera: camera.entry.id, window: window, ok: false)
        do {
            let still = try await cameras.capture(window: window)
            result.format = still.format; result.width = still.width; result.height = still.height
            result.bytes = still.jpeg.count; result.device = still.device
            let small = try JPEGCodec.thumbnail(of: still.jpeg)
            result.preview = Data(small.jpeg).base64EncodedString()
            result.previewWidth = small.width; result.previewHeight = small.height
            result.ok = true
        } catch {
            result.problem = error.description
        }
        log("camera", camera.entry.id, staff, ok: result.ok, result.problem)
        return result
    }

    /// Lights the keypad's prompt and waits `seconds` for one press. A window whose keypad
    /// waits for a citizen's review is refused: the test press would become that review.
    func testKeypad(window: String, seconds: Int, by staff: SignedInStaff) async throws -> KeypadTest {
        guard let keypad = keypads.keypad(window: window) else { throw APIError.notFound("no keypad at window \"\(window)\"") }
        if let arming = try await reviews.arming(window: window), arming.reviewID == nil, arming.expiresAt > hall.clock() {
            throw APIError(.conflict, code: "review_pending",
                           message: "the keypad at window \(window) waits for a citizen's review; test it once that is in or has lapsed")
        }
        let driver = keypad.driver, keypads = self.keypads
        guard keypad.entry.drive != false else {
            var report = await driver.report()
            report.id = keypad.entry.id
            report.window = window
            return KeypadTest(keypad: keypad.entry.id, window: window, ok: false, prompt: "none", level: nil, levelName: nil, raw: nil,
                              code: "not_driven", problem: Self.notDriven, report: report)
        }
        let presses = await driver.presses()
        var prompt = "none", problem: String?
        if let bytes = keypad.prompt {
            do { try await driver.send(bytes); prompt = "lit" } catch { prompt = "failed"; problem = error.description }
        }
        let press = await Self.first(within: seconds) { () async -> Keypads.KeypadPress? in
            // On a shared RS-485 line only this window's address counts.
            for await press in presses where keypads.window(of: press, from: driver) == window { return press }
            return nil
        }
        await keypads.prompt(window: window, lit: false, logger: hall.logger)
        if press == nil && problem == nil { problem = "no key was pressed within \(seconds) s" }
        let level = press.flatMap { ReviewLevel(rawValue: $0.level) }
        log("keypad", keypad.entry.id, staff, ok: press != nil, problem)
        var report = await driver.report()
        report.id = keypad.entry.id
        report.window = window
        return KeypadTest(keypad: keypad.entry.id, window: window, ok: press != nil, prompt: prompt, level: press?.level,
                          levelName: level?.chineseName, raw: press?.raw, code: press == nil ? "no_press" : nil,
                          problem: press == nil ? problem : nil, report: report)
    }

    /// Why a device left to another client is not tested through the daemon.
    static let notDriven = "left to another client (\"drive\": false in the devices file): test it with that client"

    /// The body's value, or nil when `seconds` passed first.
    static func first<T: Sendable>(within seconds: Int, _ body: @escaping @Sendable () async -> T?) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let value = await group.next() ?? nil
            group.cancelAll()
            return value
        }
    }

    private func log(_ kind: String, _ device: String, _ staff: SignedInStaff, ok: Bool, _ problem: String?) {
        hall.logger.notice("Device test", metadata: [
            "device": "\(kind) \(device)", "technician": "\(staff.id)", "ok": "\(ok)", "problem": "\(problem ?? "none")"])
    }
}
