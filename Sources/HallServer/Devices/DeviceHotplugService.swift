import DeviceSupport
import Logging
import ServiceLifecycle

/// Hotplug for the hall's devices (issue 17): every uevent of a device node's subsystem
/// nudges the drivers of the kinds that live on it, which look again at once: a replugged
/// device is reopened, a pulled one known gone, without a restart and without waiting for
/// the next job or poll; a video node's event has every camera look at its node. Any event
/// of the subsystem nudges, because a device's configured path is often a udev link whose
/// target is known only once the node exists.
public struct DeviceHotplugService: Service {
    let printers: HallPrinters
    let readers: HallReaders
    let keypads: HallKeypads
    let cameras: HallCameras
    let logger: Logger

    public init(printers: HallPrinters, readers: HallReaders, keypads: HallKeypads, cameras: HallCameras, logger: Logger) {
        self.printers = printers; self.readers = readers; self.keypads = keypads; self.cameras = cameras; self.logger = logger
    }

    /// Which kinds a subsystem's events may concern.
    static func kinds(of subsystem: String) -> Set<Kind> {
        switch subsystem {
        case "usb": [.printer, .reader, .keypad]
        case "usbmisc": [.printer]
        case "tty": [.printer, .reader, .keypad]
        case "hidraw", "input": [.keypad]
        case "video4linux": [.camera]
        default: []
        }
    }

    enum Kind { case printer, reader, keypad, camera }

    public func run() async throws {
        guard !(printers.printers.isEmpty && readers.readers.isEmpty && keypads.drivers.isEmpty && cameras.cameras.isEmpty) else {
            try? await gracefulShutdown()
            return
        }
        let monitor: HotplugMonitor
        do {
            monitor = try HotplugMonitor()
        } catch {
            // The drivers' reopen loops still find a replugged device, only later.
            logger.notice("No hotplug events: devices are found again by their reopen loops only", metadata: ["reason": "\(error)"])
            try? await gracefulShutdown()
            return
        }
        logger.info("Hotplug events watched", metadata: ["subsystems": "\(HotplugMonitor.deviceSubsystems.joined(separator: ","))"])
        for await event in monitor.events().cancelOnGracefulShutdown() {
            let kinds = Self.kinds(of: event.subsystem)
            guard !kinds.isEmpty else { continue }
            logger.debug("Hotplug", metadata: ["action": "\(event.action.rawValue)", "subsystem": "\(event.subsystem)",
                                               "node": "\(event.node ?? "-")"])
            if kinds.contains(.printer) { for printer in printers.printers { printer.driver.nudge() } }
            if kinds.contains(.reader) { for reader in readers.readers { reader.driver.nudge() } }
            if kinds.contains(.keypad) { for driver in keypads.drivers { driver.nudge() } }
            if kinds.contains(.camera) {
                for (id, state) in cameras.lookAgain() {
                    logger.notice("Camera \(state == .absent ? "gone" : "there")", metadata: ["camera": "\(id)", "state": "\(state.name)"])
                }
            }
        }
    }
}
