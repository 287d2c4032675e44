/// The frame of the resident ID card reader's SAM protocol (devices.md A.1, the SAM_V
/// module protocol): preamble `AA AA AA 96 69`, a big-endian length counting every byte
/// after itself (checksum included), the body (CMD Para for the host, SW1 SW2 SW3 for the
/// reader, then data), and an XOR checksum over everything after the preamble.
public enum SAMFrame {
    public static let preamble: [UInt8] = [0xAA, 0xAA, 0xAA, 0x96, 0x69]

    /// A host command frame.
    public static func command(_ command: SAMCommand, data: [UInt8]? = nil) -> [UInt8] {
        frame(body: [command.cmd, command.para] + (data ?? command.data))
    }

    /// Any frame around a body (the simulator builds replies with it).
    public static func frame(body: [UInt8]) -> [UInt8] {
        let length = body.count + 1
        let lengthBytes = [UInt8(length >> 8), UInt8(length & 0xFF)]
        let checksum = (lengthBytes + body).reduce(0, ^)
        return preamble + lengthBytes + body + [checksum]
    }

    /// A reader's reply: its status (SW3, with SW1 SW2) and data.
    public struct Reply: Sendable, Equatable {
        public var sw1: UInt8
        public var sw2: UInt8
        public var sw3: UInt8
        public var data: [UInt8]

        public init(sw1: UInt8 = 0, sw2: UInt8 = 0, sw3: UInt8, data: [UInt8] = []) {
            self.sw1 = sw1; self.sw2 = sw2; self.sw3 = sw3; self.data = data
        }

        public var status: SAMStatus { SAMStatus(code: sw3) }
        public var frame: [UInt8] { SAMFrame.frame(body: [sw1, sw2, sw3] + data) }
    }

    /// What can be wrong with bytes that should be a frame.
    public enum DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
        case noPreamble
        case truncated(expected: Int, got: Int)
        case badLength(Int)
        case badChecksum(expected: UInt8, got: UInt8)
        case trailingBytes(Int)

        public var description: String {
            switch self {
            case .noPreamble: "no AA AA AA 96 69 preamble"
            case .truncated(let e, let g): "frame cut short: \(e) bytes expected, \(g) received"
            case .badLength(let n): "length field \(n) is too small for a reply (status and checksum need 4)"
            case .badChecksum(let e, let g): "checksum 0x\(hex(g)) does not match the bytes (0x\(hex(e)))"
            case .trailingBytes(let n): "\(n) bytes after the end of the frame"
            }
        }
    }

    /// How many bytes the frame starting at the head of `bytes` has in all, once the
    /// preamble and length have arrived; nil before that.
    public static func expectedLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 7 else { return nil }
        return 7 + (Int(bytes[5]) << 8 | Int(bytes[6]))
    }

    /// Decodes exactly one reply frame.
    public static func decodeReply(_ bytes: [UInt8]) throws(DecodeError) -> Reply {
        guard bytes.count >= 5 else { throw .truncated(expected: 7, got: bytes.count) }
        guard Array(bytes.prefix(5)) == preamble else { throw .noPreamble }
        guard let total = expectedLength(bytes) else { throw .truncated(expected: 7, got: bytes.count) }
        let length = total - 7
        guard length >= 4 else { throw .badLength(length) }
        guard bytes.count >= total else { throw .truncated(expected: total, got: bytes.count) }
        guard bytes.count == total else { throw .trailingBytes(bytes.count - total) }
        let checksum = bytes[5..<(total - 1)].reduce(0, ^)
        guard checksum == bytes[total - 1] else { throw .badChecksum(expected: checksum, got: bytes[total - 1]) }
        return Reply(sw1: bytes[7], sw2: bytes[8], sw3: bytes[9], data: Array(bytes[10..<(total - 1)]))
    }
}

func hex(_ byte: UInt8) -> String { byte < 16 ? "0" + String(byte, radix: 16, uppercase: true) : String(byte, radix: 16, uppercase: true) }
