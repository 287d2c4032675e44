import Foundation
import Keypads
import Logging
import ServiceLifecycle

/// The hall's evaluation keypads: one driver per device (serial keypads sharing an RS-485
/// line share its driver and are told apart by address), and with `--simulate` a simulated
/// serial keypad behind each. Presses become reviews through ``KeypadReviewService``.
public final class HallKeypads: Sendable {
    public struct Keypad: Sendable {
        public let entry: KeypadEntry
        public let driver: KeypadDriver
        /// Its address on a multi-drop line.
        public let address: UInt8?
        public let simulator: SimulatedKeypad?
        /// Bytes that light its "please rate" prompt, when the model has one.
        public let prompt: [UInt8]?
        /// Bytes that turn the prompt off once the review is in.
        public var idle: [UInt8]? = nil
    }

    public let keypads: [Keypad]
    public let drivers: [KeypadDriver]

    public static let none = HallKeypads(keypads: [])

    public init(keypads: [Keypad]) {
        self.keypads = keypads
        var seen = Set<ObjectIdentifier>()
        drivers = keypads.map(\.driver).filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    public static func make(settings: DeviceSettings, simulate: Bool, dataDirectory: String, logger: Logger) throws -> HallKeypads {
        var keypads: [Keypad] = []
        var lines: [String: KeypadDriver] = [:]
        for (index, entry) in settings.keypads.enumerated() {
            let reconnect = Duration.milliseconds(entry.reconnectMilliseconds ?? 500)
            if simulate {
                let address = UInt8(truncatingIfNeeded: index + 1)
                let simulator = SimulatedKeypad(id: entry.id, devicePath: dataDirectory + "/devices/keypad-" + entry.id, address: address)
                try simulator.plug()
                let device = KeypadDevice(path: simulator.devicePath, kind: .serial(simulator.map), baud: 9600)
                let driver = KeypadDriver(id: entry.id, device: device, simulated: true, drive: entry.drive ?? true,
                                          reconnectInterval: reconnect, logger: logger)
                keypads.append(Keypad(entry: entry, driver: driver, address: address, simulator: simulator,
                                      prompt: simulator.map.prompt.map { simulator.map.frame(address: address, key: $0) }))
                continue
            }
            guard let kind = entry.keypadProtocol().0, let path = entry.device else { continue }
            switch kind {
            case .serial(let map):
                let serial = entry.serial!
                let address = UInt8(truncatingIfNeeded: serial.address)
                let driver = lines[path] ?? KeypadDriver(id: entry.id, device: KeypadDevice(path: path, kind: kind, baud: serial.baud ?? 9600),
                                                         drive: entry.drive ?? true, reconnectInterval: reconnect, logger: logger)
                lines[path] = driver
                keypads.append(Keypad(entry: entry, driver: driver, address: address, simulator: nil,
                                      prompt: map.prompt.map { map.frame(address: address, key: $0) }))
            case .hidraw(let map):
                keypads.append(Keypad(entry: entry, driver: KeypadDriver(id: entry.id, device: KeypadDevice(path: path, kind: kind),
                                                                         drive: entry.drive ?? true, reconnectInterval: reconnect, logger: logger),
                                      address: nil, simulator: nil, prompt: map.prompt, idle: map.idle))
            case .evdev:
                keypads.append(Keypad(entry: entry, driver: KeypadDriver(id: entry.id, device: KeypadDevice(path: path, kind: kind),
                                                                         drive: entry.drive ?? true, reconnectInterval: reconnect, logger: logger),
                                      address: nil, simulator: nil, prompt: nil))
            }
        }
        return HallKeypads(keypads: keypads)
    }

    public var services: [any Service] { drivers }

    public func keypad(window: String) -> Keypad? { keypads.first { $0.entry.window == window } }

    /// The window a press came from: its driver, and on a shared line its address.
    public func window(of press: KeypadPress, from driver: KeypadDriver) -> String? {
        keypads.first { $0.driver === driver && ($0.address == nil || press.address == nil || $0.address == press.address) }?.entry.window
    }

    public func reports() async -> [KeypadReport] {
        var reports: [KeypadReport] = []
        for keypad in keypads {
            var report = await keypad.driver.report()
            report.id = keypad.entry.id
            report.window = keypad.entry.window
            reports.append(report)
        }
        return reports
    }

    /// Lights the window's "please rate" prompt (or turns it off with `lit` false); a keypad
    /// without one, or one that is away, is left alone.
    public func prompt(window: String, lit: Bool = true, logger: Logger) async {
        guard let keypad = keypad(window: window), let bytes = lit ? keypad.prompt : keypad.idle else { return }
        do { try await keypad.driver.send(bytes) } catch {
            logger.notice("Keypad prompt not sent", metadata: ["window": "\(window)", "error": "\(error)"])
        }
    }
}

/// Turns every press of every keypad into a review (or an ignored press) in the hall.
public struct KeypadReviewService: Service {
    let keypads: HallKeypads
    let reviewDesk: ReviewDesk

    public init(keypads: HallKeypads, reviewDesk: ReviewDesk) { self.keypads = keypads; self.reviewDesk = reviewDesk }

    public func run() async throws {
        // A hall with no keypads has nothing to serve: wait for shutdown, since a service that
        // returns ends the whole daemon.
        guard !keypads.drivers.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for driver in keypads.drivers {
                    group.addTask {
                        for await press in await driver.presses() {
                            guard let window = keypads.window(of: press, from: driver) else {
                                reviewDesk.hall.logger.notice("Press from a keypad address no window has", metadata: [
                                    "keypad": "\(press.keypadID)", "address": "\(press.address.map(String.init) ?? "-")"])
                                continue
                            }
                            await reviewDesk.keypadPressed(window: window, level: press.level, pressedAt: press.at)
                        }
                    }
                }
            }
        }
    }
}
