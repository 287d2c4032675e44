import Foundation

/// How a keypad (评价器) reports its keys. No public wire protocol exists for these devices
/// (devices.md D), so each of the three ways they attach carries a key map the technician
/// fills in on site; levels are 1 (非常不满意) to 5 (非常满意).
public enum KeypadProtocol: Sendable, Equatable {
    /// A keypad that is a USB keyboard: `struct input_event` records from /dev/input/eventN.
    case evdev(EvdevKeyMap)
    /// Vendor HID reports of a fixed length from /dev/hidrawN.
    case hidraw(HidReportMap)
    /// Frames on an RS-232/RS-485 line: header, window address, key, optional XOR check.
    case serial(SerialKeyMap)

    public var name: String {
        switch self {
        case .evdev: "evdev"
        case .hidraw: "hidraw"
        case .serial: "serial"
        }
    }
}

/// Key codes (linux/input-event-codes.h) to levels.
public struct EvdevKeyMap: Sendable, Equatable, Codable {
    public var keys: [UInt16: Int]

    /// The keys left to right as most keypads print them: 非常满意 first. KEY_1…KEY_5 and
    /// the number pad's KP1…KP5.
    public static let standard = EvdevKeyMap(keys: [2: 5, 3: 4, 4: 3, 5: 2, 6: 1, 79: 5, 80: 4, 81: 3, 75: 2, 76: 1])

    public init(keys: [UInt16: Int]) { self.keys = keys }
}

/// Input reports to levels: a report whose first bytes equal a map entry is that level.
public struct HidReportMap: Sendable, Equatable {
    /// Bytes per report, report ID included when the device uses one.
    public var reportLength: Int
    public var reports: [[UInt8]: Int]
    /// Output report that lights the "please rate" prompt, sent when a service ends.
    public var prompt: [UInt8]?
    /// Output report that turns the prompt off again.
    public var idle: [UInt8]?

    public init(reportLength: Int, reports: [[UInt8]: Int], prompt: [UInt8]? = nil, idle: [UInt8]? = nil) {
        self.reportLength = reportLength; self.reports = reports; self.prompt = prompt; self.idle = idle
    }
}

/// A serial keypad's frames: `header… address key [xor]`, the XOR over address and key.
/// Several keypads may share one RS-485 line, each with its own address.
public struct SerialKeyMap: Sendable, Equatable {
    public var header: [UInt8]
    public var checksum: Bool
    public var keys: [UInt8: Int]
    /// Key byte sent to an address to light its "please rate" prompt.
    public var prompt: UInt8?

    public static let standard = SerialKeyMap(header: [0xAA], checksum: true, keys: [0x01: 5, 0x02: 4, 0x03: 3, 0x04: 2, 0x05: 1], prompt: 0x10)

    public init(header: [UInt8], checksum: Bool, keys: [UInt8: Int], prompt: UInt8? = nil) {
        self.header = header; self.checksum = checksum; self.keys = keys; self.prompt = prompt
    }

    public var frameLength: Int { header.count + 2 + (checksum ? 1 : 0) }

    /// The frame a keypad sends for `key` (the simulator's side, and tests).
    public func frame(address: UInt8, key: UInt8) -> [UInt8] {
        header + [address, key] + (checksum ? [address ^ key] : [])
    }

    /// The key byte of a level, for the simulator.
    public func key(for level: Int) -> UInt8? { keys.filter { $0.value == level }.keys.min() }
}

/// One decoded key: its level, or a key the map does not know.
public struct DecodedKey: Sendable, Equatable {
    /// 1…5, nil for a key not in the map.
    public var level: Int?
    /// What came in, for the technician: `key 2`, `report 01 05`, `frame aa 03 01 02`.
    public var raw: String
    /// The sender's address on a multi-drop line.
    public var address: UInt8?

    public init(level: Int?, raw: String, address: UInt8? = nil) { self.level = level; self.raw = raw; self.address = address }
}

/// Bytes a keypad sent that fit no frame (noise, a cut-off frame, a bad check).
public struct MalformedKeypadInput: Sendable, Equatable {
    public var bytes: Int
    public var reason: String

    public init(bytes: Int, reason: String) { self.bytes = bytes; self.reason = reason }
}

func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { b in
        let s = String(b, radix: 16)
        return s.count == 1 ? "0" + s : s
    }.joined(separator: " ")
}

/// Parses `"01 05"`, `"0105"` or `"0x01,0x05"` into bytes; nil when it is not hex.
public func parseHexBytes(_ text: String) -> [UInt8]? {
    let cleaned = text.lowercased().replacingOccurrences(of: "0x", with: "")
        .filter { !$0.isWhitespace && $0 != "," && $0 != ":" }
    guard cleaned.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    var index = cleaned.startIndex
    while index < cleaned.endIndex {
        let next = cleaned.index(index, offsetBy: 2)
        guard let b = UInt8(cleaned[index..<next], radix: 16) else { return nil }
        bytes.append(b)
        index = next
    }
    return bytes
}
