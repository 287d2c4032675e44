/// The reader's own status byte, SW3 (devices.md A.2), with what it means for the person
/// at the reader or the technician.
public struct SAMStatus: Sendable, Equatable, CustomStringConvertible {
    public let code: UInt8

    public init(code: UInt8) { self.code = code }

    public static let ok = SAMStatus(code: 0x90)
    public static let cardFound = SAMStatus(code: 0x9F)
    public static let noCard = SAMStatus(code: 0x80)

    public var isSuccess: Bool { code == 0x90 || code == 0x9F }

    public var description: String {
        let meaning: String = switch code {
        case 0x90: "ok"
        case 0x9F: "card found"
        case 0x10: "the reader got a frame with a bad checksum"
        case 0x11: "the reader got a frame with a bad length"
        case 0x21: "the reader does not know the command"
        case 0x23: "operation not permitted"
        case 0x24: "unrecognised error"
        case 0x31: "card authentication to the SAM failed"
        case 0x32: "SAM authentication to the card failed"
        case 0x33: "information verification error"
        case 0x40: "unknown card type (not an ID card)"
        case 0x41: "reading the card failed (move the card and try again)"
        case 0x47: "random number fetch failed"
        case 0x60: "SAM self-test failed: the reader takes no commands (service it)"
        case 0x66: "SAM not authorised"
        case 0x80: "no card on the reader"
        case 0x81: "selecting the card failed"
        case 0x91: "this card has no such item (e.g. no fingerprint)"
        default: "unknown status"
        }
        return "\(meaning) (SW3 0x\(hex(code)))"
    }
}
