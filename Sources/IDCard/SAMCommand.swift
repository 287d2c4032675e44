/// Host commands of the SAM protocol (devices.md A.1), as CMD and Para bytes.
public enum SAMCommand: Sendable, Equatable, CaseIterable {
    case resetSAM, samStatus, samID, findCard, selectCard, readText, readAppendedAddress, readTextWithFingerprint
    /// `61 FF 50`: the largest RF frame between the SAM and the card (0x50), which readers
    /// accept and independent clients send first; a reader without it answers 0x21.
    case setMaximumRFFrame

    public var cmd: UInt8 {
        switch self {
        case .resetSAM: 0x10
        case .samStatus: 0x11
        case .samID: 0x12
        case .findCard, .selectCard: 0x20
        case .readText, .readAppendedAddress, .readTextWithFingerprint: 0x30
        case .setMaximumRFFrame: 0x61
        }
    }

    public var para: UInt8 {
        switch self {
        case .resetSAM, .samStatus, .samID, .setMaximumRFFrame: 0xFF
        case .findCard: 0x01
        case .selectCard: 0x02
        case .readText: 0x01
        case .readAppendedAddress: 0x03
        case .readTextWithFingerprint: 0x10
        }
    }

    /// The data bytes after CMD Para.
    public var data: [UInt8] { self == .setMaximumRFFrame ? [0x50] : [] }

    public init?(cmd: UInt8, para: UInt8) {
        guard let found = Self.allCases.first(where: { $0.cmd == cmd && $0.para == para }) else { return nil }
        self = found
    }

    /// The SW3 a reader answers when the command worked.
    public var success: UInt8 { self == .findCard ? 0x9F : 0x90 }
}
