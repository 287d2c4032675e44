import EscPos
import Foundation
import IntakeCore

/// The hall's devices file (`devices.file`, e.g. `/etc/onevisit/devices.json`): which
/// printers there are, where each is attached and what it serves. With `--simulate` every
/// printer listed is simulated; with no file, `--simulate` gives one kiosk printer and one
/// printer per window.
public struct DeviceSettings: Sendable, Equatable, Decodable {
    public var printers: [PrinterEntry]
    public var readers: [ReaderEntry]
    public var keypads: [KeypadEntry]
    public var cameras: [CameraEntry]
    /// The reader vendor's WLT photo decoder (`libwlt2bmp.so`), loaded at run time; optional.
    public var wltLibrary: String?

    public init(printers: [PrinterEntry] = [], readers: [ReaderEntry] = [], keypads: [KeypadEntry] = [], cameras: [CameraEntry] = [],
                wltLibrary: String? = nil) {
        self.printers = printers
        self.readers = readers
        self.keypads = keypads
        self.cameras = cameras
        self.wltLibrary = wltLibrary
    }

    enum CodingKeys: String, CodingKey { case printers, readers, keypads, cameras, wltLibrary }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        printers = try c.decodeIfPresent([PrinterEntry].self, forKey: .printers) ?? []
        readers = try c.decodeIfPresent([ReaderEntry].self, forKey: .readers) ?? []
        keypads = try c.decodeIfPresent([KeypadEntry].self, forKey: .keypads) ?? []
        cameras = try c.decodeIfPresent([CameraEntry].self, forKey: .cameras) ?? []
        wltLibrary = try c.decodeIfPresent(String.self, forKey: .wltLibrary)
    }

    /// An ID card reader (二代身份证阅读器) at a kiosk or a window.
    public struct ReaderEntry: Sendable, Equatable, Decodable {
        public var id: String
        public var role: PrinterEntry.Role
        public var window: String?
        /// Serial device of the reader: `/dev/ttyUSB0`, or a udev name such as `/dev/onevisit/idreader-kiosk-1`.
        public var device: String?
        public var baud: Int?
        /// A native-USB reader through libusb instead: `{"vendor": "0400", "product": "c35a"}`,
        /// with `"singlePipe": true` for readers that carry whole frames on one pipe pair.
        public var usb: USBReaderAddress?
        public var pollIntervalMilliseconds: Int?
        public var readFingerprint: Bool?
        /// The enrolled kiosk (`onevisit device enrol ID`) a kiosk reader belongs to; default
        /// the reader's own id.
        public var kiosk: String?
        /// False: watched but never opened, left to another client (`"drive": false`).
        public var drive: Bool?

        public init(id: String, role: PrinterEntry.Role, window: String? = nil, device: String? = nil) {
            self.id = id; self.role = role; self.window = window; self.device = device
        }

        public struct USBReaderAddress: Sendable, Equatable, Decodable {
            public var vendor: String
            public var product: String
            public var singlePipe: Bool?

            public var ids: (vendor: UInt16, product: UInt16)? {
                guard let v = UInt16(vendor, radix: 16), let p = UInt16(product, radix: 16) else { return nil }
                return (v, p)
            }
        }
    }

    public struct PrinterEntry: Sendable, Equatable, Decodable {
        public var id: String
        public var role: Role
        /// For window printers: the window they stand at.
        public var window: String?
        public var paper: Int?
        /// Character device of the printer: `/dev/usb/lp0`, a udev name such as
        /// `/dev/onevisit/printer-kiosk-1`, or a serial line.
        public var device: String?
        /// A CUPS raw queue to print through instead of a device (optional; needs cupsd).
        public var cups: String?
        /// A USB printer driven through libusb: `{"vendor": "0483", "product": "5743"}`.
        public var usb: USBAddress?
        /// False for one-way printers (USB printer protocol 1): status cannot be read.
        public var bidirectional: Bool?
        /// A serial printer's line speed (default 115200); a simulated printer takes the line
        /// time of every job at it.
        public var baud: Int?
        public var timeoutMilliseconds: Int?
        public var statusIntervalSeconds: Int?
        public var queueCapacity: Int?
        /// False: watched but never opened, left to another client such as a vendor's test
        /// tool (`"drive": false`; a device node only).
        public var drive: Bool?

        public init(id: String, role: Role, window: String? = nil, paper: Int? = nil, device: String? = nil, cups: String? = nil) {
            self.id = id; self.role = role; self.window = window; self.paper = paper; self.device = device; self.cups = cups
        }

        public struct USBAddress: Sendable, Equatable, Decodable {
            /// Hex ids as lsusb shows them.
            public var vendor: String
            public var product: String
            /// Take the printer from the kernel's usblp driver (breaks /dev/usb/lp* and CUPS
            /// for it until it is replugged); off by default.
            public var detachKernelDriver: Bool?

            public var ids: (vendor: UInt16, product: UInt16)? {
                guard let v = UInt16(vendor, radix: 16), let p = UInt16(product, radix: 16) else { return nil }
                return (v, p)
            }
        }

        public enum Role: String, Sendable, Equatable, Decodable {
            /// A ticket kiosk (取号机) printer.
            case kiosk
            /// The printer of a window: notices, receipts, reprints.
            case window
        }

        public var paperWidth: PaperWidth { paper.flatMap(PaperWidth.init(rawValue:)) ?? .mm80 }
    }

    /// What `--simulate` runs with when there is no devices file.
    public static func simulatedDefault(layout: HallLayout) -> DeviceSettings {
        DeviceSettings(
            printers: [PrinterEntry(id: "kiosk-1", role: .kiosk)]
                + layout.windows.map { PrinterEntry(id: "window-\($0.id)", role: .window, window: $0.id, paper: 80) },
            readers: [ReaderEntry(id: "kiosk-1", role: .kiosk)]
                + layout.windows.map { ReaderEntry(id: "window-\($0.id)", role: .window, window: $0.id) },
            keypads: layout.windows.map { KeypadEntry(id: "window-\($0.id)", window: $0.id) },
            cameras: layout.windows.map { CameraEntry(id: "window-\($0.id)", window: $0.id) })
    }

    /// Reads and checks a devices file; every problem is named by entry and field.
    public static func load(_ data: Data, file: String, layout: HallLayout, simulate: Bool) throws(CatalogError) -> DeviceSettings {
        let settings: DeviceSettings
        do {
            settings = try JSONDecoder().decode(DeviceSettings.self, from: data)
        } catch let error as DecodingError {
            throw CatalogError(file: file, issues: [CatalogLoader.issue(for: error, in: data, file: file, sections: ["printers", "readers", "keypads", "cameras"])])
        } catch {
            throw CatalogError(file: file, issues: [CatalogIssue(file: file, entry: "", field: "", message: "\(error)")])
        }
        var issues: [CatalogIssue] = []
        var ids = Set<String>()
        for (index, printer) in settings.printers.enumerated() {
            let entry = "printers[\(index)] (\(printer.id))"
            func add(_ field: String, _ message: String) {
                issues.append(CatalogIssue(file: file, entry: entry, field: field, message: message))
            }
            checkPlace(id: printer.id, role: printer.role, window: printer.window, kind: "printer", ids: &ids, layout: layout, add: add)
            if let paper = printer.paper, PaperWidth(rawValue: paper) == nil { add("paper", "must be 58 or 80 (mm), got \(paper)") }
            let hasDevice = !(printer.device ?? "").isEmpty, hasCups = !(printer.cups ?? "").isEmpty
            let ways = [hasDevice, hasCups, printer.usb != nil].filter { $0 }.count
            if ways > 1 { add("device", "give one of device, usb or cups") }
            if let usb = printer.usb, usb.ids == nil {
                add("usb", "vendor and product are hex ids such as 0483 and 5743, got \(usb.vendor):\(usb.product)")
            }
            if !simulate && ways == 0 {
                add("device", "required: a device path (e.g. /dev/usb/lp0), \"usb\": {\"vendor\", \"product\"} or a CUPS queue in \"cups\"")
            }
            if let t = printer.timeoutMilliseconds, !(100...60_000).contains(t) { add("timeoutMilliseconds", "must be 100 to 60000") }
            if let s = printer.statusIntervalSeconds, !(1...3600).contains(s) { add("statusIntervalSeconds", "must be 1 to 3600") }
            if let q = printer.queueCapacity, !(1...1000).contains(q) { add("queueCapacity", "must be 1 to 1000") }
            if let baud = printer.baud, !Self.serialSpeeds.contains(baud) { add("baud", Self.serialSpeedsWanted) }
            if printer.drive == false && !simulate && !hasDevice { add("drive", Self.undrivenNeedsNode) }
        }
        var readerIDs = Set<String>()
        for (index, reader) in settings.readers.enumerated() {
            let entry = "readers[\(index)] (\(reader.id))"
            func add(_ field: String, _ message: String) {
                issues.append(CatalogIssue(file: file, entry: entry, field: field, message: message))
            }
            checkPlace(id: reader.id, role: reader.role, window: reader.window, kind: "reader", ids: &readerIDs, layout: layout, add: add)
            if let usb = reader.usb, usb.ids == nil { add("usb", "vendor and product are hex ids such as 0400 and c35a") }
            if reader.usb != nil && !(reader.device ?? "").isEmpty { add("device", "give device or usb, not both") }
            if !simulate && (reader.device ?? "").isEmpty && reader.usb == nil {
                add("device", "required: the reader's serial device (e.g. /dev/ttyUSB0) or \"usb\": {\"vendor\", \"product\"}")
            }
            if let baud = reader.baud, !Self.serialSpeeds.contains(baud) { add("baud", Self.serialSpeedsWanted) }
            if let p = reader.pollIntervalMilliseconds, !(10...10_000).contains(p) { add("pollIntervalMilliseconds", "must be 10 to 10000") }
            if reader.drive == false && !simulate && (reader.device ?? "").isEmpty { add("drive", Self.undrivenNeedsNode) }
        }
        var keypadIDs = Set<String>(), windows = Set<String>(), lines: [String: Set<Int>] = [:]
        for (index, keypad) in settings.keypads.enumerated() {
            let entry = "keypads[\(index)] (\(keypad.id))"
            func add(_ field: String, _ message: String) {
                issues.append(CatalogIssue(file: file, entry: entry, field: field, message: message))
            }
            checkPlace(id: keypad.id, role: .window, window: keypad.window, kind: "keypad", ids: &keypadIDs, layout: layout, add: add)
            if !windows.insert(keypad.window).inserted { add("window", "window \(keypad.window) has a keypad already") }
            let ways = [keypad.evdev != nil, keypad.hidraw != nil, keypad.serial != nil].filter { $0 }.count
            if ways > 1 { add("evdev", "give one of evdev, hidraw or serial") }
            if ways == 0 && !simulate { add("serial", "required: one of evdev, hidraw or serial with its device and key map") }
            if let device = keypad.device, device.isEmpty { add("device", "must not be empty") }
            for problem in keypad.keypadProtocol().1 { add(problem.field, problem.message) }
            if let serial = keypad.serial, !lines[serial.device, default: []].insert(serial.address).inserted {
                add("serial.address", "address \(serial.address) is used twice on \(serial.device)")
            }
            if let r = keypad.reconnectMilliseconds, !(100...60_000).contains(r) { add("reconnectMilliseconds", "must be 100 to 60000") }
            if keypad.drive == false, let serial = keypad.serial,
               settings.keypads.contains(where: { $0.serial?.device == serial.device && $0.drive != false }) {
                add("drive", "\(serial.device) is shared with a keypad the daemon drives: a line is driven or not as a whole")
            }
        }
        var cameraIDs = Set<String>(), cameraWindows = Set<String>()
        for (index, camera) in settings.cameras.enumerated() {
            let entry = "cameras[\(index)] (\(camera.id))"
            func add(_ field: String, _ message: String) { issues.append(CatalogIssue(file: file, entry: entry, field: field, message: message)) }
            checkPlace(id: camera.id, role: .window, window: camera.window, kind: "camera", ids: &cameraIDs, layout: layout, add: add)
            if !cameraWindows.insert(camera.window).inserted { add("window", "window \(camera.window) has a camera already") }
            if !simulate && (camera.device ?? "").isEmpty && (camera.name ?? "").isEmpty {
                add("device", "required: the camera's video node, e.g. /dev/video0 or /dev/v4l/by-id/…, or its card name in \"name\"")
            }
            if !(camera.device ?? "").isEmpty && !(camera.name ?? "").isEmpty { add("name", "give device or name, not both") }
            if let s = camera.settleFrames, !(0...60).contains(s) { add("settleFrames", "must be 0 to 60") }
            if let t = camera.timeoutMilliseconds, !(100...30_000).contains(t) { add("timeoutMilliseconds", "must be 100 to 30000") }
            if let c = camera.crop, c.x < 0 || c.y < 0 || c.width < 16 || c.height < 16 { add("crop", "x and y at least 0, width and height at least 16 pixels") }
        }
        guard issues.isEmpty else { throw CatalogError(file: file, issues: issues) }
        return settings
    }

    /// The speeds the serial shim sets (`clinuxio_serial_raw`), for printers, readers and keypads alike.
    static let serialSpeeds: Set<Int> = [9600, 19200, 38400, 57600, 115_200]
    static let serialSpeedsWanted = "must be 9600, 19200, 38400, 57600 or 115200"
    static let undrivenNeedsNode = "\"drive\": false watches a device node, so it needs \"device\" (not usb or cups)"

    /// What every device entry must get right: a plain unique id, and a window that exists.
    private static func checkPlace(id: String, role: PrinterEntry.Role, window: String?, kind: String, ids: inout Set<String>,
                                   layout: HallLayout, add: (String, String) -> Void) {
        if id.isEmpty || !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            add("id", "use letters, digits, - and _ only")
        }
        if !ids.insert(id).inserted { add("id", "duplicate \(kind) id") }
        guard role == .window else { return }
        if let window {
            if layout.window(window) == nil { add("window", "no window \"\(window)\" in the hall layout") }
        } else {
            add("window", "a window \(kind) names its window")
        }
    }
}
