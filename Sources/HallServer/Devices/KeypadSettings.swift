import Keypads

/// An evaluation keypad (评价器) at a window, as the devices file gives it: exactly one of
/// `evdev`, `hidraw` or `serial`, each with its key map (levels 1 非常不满意 … 5 非常满意).
/// Serial keypads on one RS-485 line name the same device with different addresses.
public struct KeypadEntry: Sendable, Equatable, Decodable {
    public var id: String
    public var window: String
    public var evdev: Evdev?
    public var hidraw: Hidraw?
    public var serial: Serial?
    public var reconnectMilliseconds: Int?
    /// False: watched but never opened, left to another client (`"drive": false`).
    public var drive: Bool?

    public init(id: String, window: String, evdev: Evdev? = nil, hidraw: Hidraw? = nil, serial: Serial? = nil) {
        self.id = id; self.window = window; self.evdev = evdev; self.hidraw = hidraw; self.serial = serial
    }

    /// `{"device": "/dev/input/by-id/…-event-kbd", "keys": {"2": 5, "3": 4, "4": 3, "5": 2, "6": 1}}`
    /// (key codes of linux/input-event-codes.h; default KEY_1…KEY_5 = 非常满意…非常不满意).
    public struct Evdev: Sendable, Equatable, Decodable {
        public var device: String
        public var keys: [String: Int]?
    }

    /// `{"device": "/dev/hidraw0", "reportLength": 2, "reports": {"0110": 5, …}, "prompt": "0201", "idle": "0200"}`.
    public struct Hidraw: Sendable, Equatable, Decodable {
        public var device: String
        public var reportLength: Int
        public var reports: [String: Int]
        public var prompt: String?
        public var idle: String?
    }

    /// `{"device": "/dev/ttyUSB1", "baud": 9600, "address": 3, "header": "AA", "checksum": true,
    /// "keys": {"01": 5, "02": 4, "03": 3, "04": 2, "05": 1}, "prompt": "10"}` (these are the defaults but for device and address).
    public struct Serial: Sendable, Equatable, Decodable {
        public var device: String
        public var baud: Int?
        public var address: Int
        public var header: String?
        public var checksum: Bool?
        public var keys: [String: Int]?
        public var prompt: String?

        public init(device: String, address: Int) { self.device = device; self.address = address }
    }

    public var device: String? { evdev?.device ?? hidraw?.device ?? serial?.device }

    /// The decoder settings, or the problems with the entry's map, by field.
    public func keypadProtocol() -> (KeypadProtocol?, [(field: String, message: String)]) {
        var problems: [(String, String)] = []
        func levels(_ map: [String: Int], field: String) {
            for (key, level) in map where !(1...5).contains(level) { problems.append((field + "." + key, "level must be 1 to 5, got \(level)")) }
            let missing = Set(1...5).subtracting(map.values).sorted()
            if !missing.isEmpty { problems.append((field, "no key for level \(missing.map(String.init).joined(separator: ", ")): every level needs a key")) }
        }
        if let evdev {
            var keys: [UInt16: Int] = [:]
            if let map = evdev.keys {
                levels(map, field: "evdev.keys")
                for (code, level) in map {
                    guard let c = UInt16(code), c < 0x300 else { problems.append(("evdev.keys." + code, "not a key code such as 2 (KEY_1)")); continue }
                    keys[c] = level
                }
            }
            return (.evdev(evdev.keys == nil ? .standard : EvdevKeyMap(keys: keys)), problems)
        }
        if let hidraw {
            var reports: [[UInt8]: Int] = [:]
            levels(hidraw.reports, field: "hidraw.reports")
            if !(1...64).contains(hidraw.reportLength) { problems.append(("hidraw.reportLength", "must be 1 to 64 bytes")) }
            for (text, level) in hidraw.reports {
                guard let bytes = parseHexBytes(text), !bytes.isEmpty, bytes.count <= hidraw.reportLength else {
                    problems.append(("hidraw.reports." + text, "not hex bytes no longer than reportLength")); continue
                }
                reports[bytes] = level
            }
            let keysSorted = reports.keys.sorted { $0.count < $1.count }
            for (i, a) in keysSorted.enumerated() where keysSorted[(i + 1)...].contains(where: { $0.starts(with: a) }) {
                problems.append(("hidraw.reports", "\(a.map { String(format: "%02x", $0) }.joined()) is the start of another report: make each report distinct"))
            }
            let prompt = hidraw.prompt.flatMap(parseHexBytes), idle = hidraw.idle.flatMap(parseHexBytes)
            if hidraw.prompt != nil && prompt == nil { problems.append(("hidraw.prompt", "not hex bytes")) }
            if hidraw.idle != nil && idle == nil { problems.append(("hidraw.idle", "not hex bytes")) }
            return (.hidraw(HidReportMap(reportLength: hidraw.reportLength, reports: reports, prompt: prompt, idle: idle)), problems)
        }
        if let serial {
            var map = SerialKeyMap.standard
            if let header = serial.header {
                if let bytes = parseHexBytes(header), bytes.count <= 4 { map.header = bytes } else { problems.append(("serial.header", "0 to 4 hex bytes, e.g. \"AA\"")) }
            }
            if let checksum = serial.checksum { map.checksum = checksum }
            if let keys = serial.keys {
                levels(keys, field: "serial.keys")
                map.keys = [:]
                for (text, level) in keys {
                    guard let b = parseHexBytes(text), b.count == 1 else { problems.append(("serial.keys." + text, "one hex byte, e.g. \"01\"")); continue }
                    map.keys[b[0]] = level
                }
            }
            if let prompt = serial.prompt {
                if let b = parseHexBytes(prompt), b.count == 1 { map.prompt = b[0] } else { problems.append(("serial.prompt", "one hex byte")) }
            }
            if !(0...255).contains(serial.address) { problems.append(("serial.address", "must be 0 to 255")) }
            if let baud = serial.baud, !DeviceSettings.serialSpeeds.contains(baud) {
                problems.append(("serial.baud", DeviceSettings.serialSpeedsWanted))
            }
            return (.serial(map), problems)
        }
        return (nil, [])
    }
}
