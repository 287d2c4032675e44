import DeviceSupport
import Foundation
import Synchronization

/// A serial keypad simulated behind a pseudo-terminal: a press writes the frame the key
/// map gives for that level and address, exactly as an RS-485 keypad does, so the driver
/// reads it through the same ``KeypadDevice`` and ``KeypadDecoder`` as a real one. It can be
/// unplugged (the pseudo-terminal closed and its device link removed) and plugged back
/// at the same link, and it records what the driver sends it (prompt frames).
public final class SimulatedKeypad: Sendable {
    public let id: String
    public var devicePath: String { line.devicePath }
    public let map: SerialKeyMap
    public let address: UInt8
    /// The far end is held open by the peer, so a press made before the driver opens the
    /// line is not lost.
    private let line: PseudoTerminalPeer
    private let fromDriver = Mutex<[UInt8]>([])

    public init(id: String, devicePath: String, map: SerialKeyMap = .standard, address: UInt8) {
        self.id = id
        line = PseudoTerminalPeer(devicePath: devicePath, label: "keypad.\(id)")
        self.map = map
        self.address = address
    }

    public var isPlugged: Bool { line.isPlugged }

    public func plug() throws {
        guard !line.isPlugged else { return }
        try line.plug()
    }

    public func unplug() { line.unplug() }

    /// Presses the key of `level` (1…5).
    public func press(level: Int) throws {
        guard let key = map.key(for: level) else { throw KeypadError.io("the key map has no key for level \(level)") }
        try send(map.frame(address: address, key: key))
    }

    /// Writes raw bytes on the line (noise, broken frames, other addresses).
    public func send(_ bytes: [UInt8]) throws {
        guard let written = line.write(bytes) else { throw KeypadError.notConnected(devicePath) }
        guard written == bytes.count else { throw KeypadError.io("simulated keypad: short write") }
    }

    /// What the driver has written to the keypad so far (drained from the line).
    public func received() -> [UInt8] {
        let new = line.drain()
        return fromDriver.withLock {
            $0 += new
            return $0
        }
    }
}
